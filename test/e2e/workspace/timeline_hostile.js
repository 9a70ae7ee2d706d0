console.log('<img src=x onerror=alert(1)>');
