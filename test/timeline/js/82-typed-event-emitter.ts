import { EventEmitter } from 'events';

interface Events {
  connected: [host: string];
  data: [chunk: string];
  closed: [];
}

class Connection extends EventEmitter {
  emitTyped<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    return this.emit(event, ...args);
  }
  open(host: string): void {
    setTimeout(() => this.emitTyped('connected', host), 10);
    setTimeout(() => this.emitTyped('data', 'GET / 200'), 20);
    setTimeout(() => this.emitTyped('data', 'GET /favicon 404'), 25);
    setTimeout(() => this.emitTyped('closed'), 40);
  }
}

const conn = new Connection();
conn.on('connected', (host: string) => console.log('connected to', host));
conn.on('data', (chunk: string) => console.log('data:', chunk));
conn.once('closed', () => console.log('closed; data listeners =', conn.listenerCount('data')));
conn.open('db.internal');
