import Stripe from 'stripe';

const stripe = new Stripe('sk_test_123');

type Event = { type: string; id: string };

async function handle(event: Event): Promise<void> {
  switch (event.type) {
    case 'invoice.paid': {
      await stripe.invoices.retrieve(event.id);
      console.log('invoice paid', event.id);
      break;
    }
    case 'customer.created':
      await stripe.customers.update(event.id, { metadata: { synced: 'yes' } });
      console.log('customer synced', event.id);
      break;
    default:
      console.log('ignored', event.type);
  }
}

const events: Event[] = [
  { type: 'invoice.paid', id: 'in_1' },
  { type: 'charge.refunded', id: 'ch_1' },
  { type: 'customer.created', id: 'cus_1' },
];
void (async () => {
  for (const e of events) await handle(e);
  console.log('all events handled');
})();
