module.exports = function installShutdown(server, hooks) {
  process.on('SIGTERM', () => {
    console.log('SIGTERM: closing server');
    server.close(async () => {
      for (const hook of hooks) await hook();
      console.log('bye');
    });
  });
};
