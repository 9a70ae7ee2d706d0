const { Client, GatewayIntentBits } = require('discord.js');

const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
client.commands = new Map();
client.commands.set('ping', async (msg) => msg.reply('pong'));

client.once('ready', () => console.log('logged in'));
client.on('messageCreate', async (msg) => {
  const handler = client.commands.get('ping');
  await handler(msg);
});

console.log('registered', client.commands.size, 'commands');
client.login(process.env.DISCORD_TOKEN).then(() => console.log('login promise resolved'));
setTimeout(() => console.log('heartbeat check'), 150);
