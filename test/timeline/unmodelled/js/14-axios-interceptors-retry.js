const axios = require('axios');

const api = axios.create({ baseURL: 'https://api.example.com', timeout: 1000 });
api.defaults.headers = { Authorization: 'Bearer t' };
let requests = 0;
api.interceptors.request.use((config) => {
  requests++;
  return config;
});

async function getWithRetry(path, tries = 2) {
  for (let i = 1; i <= tries; i++) {
    try {
      const res = await api.get(path);
      console.log(`attempt ${i} ok`);
      return res;
    } catch (e) {
      console.log(`attempt ${i} failed`);
    }
  }
}

getWithRetry('/health').then(() => console.log('interceptor calls recorded:', requests));
