// Peer test cases (by `<peer-rule>/<valid|invalid>/<index>`) where Loop Lens's docs deliberately
// disagree with the peer, and why. They are marked in the fixtures and scored apart.
export const DISAGREEMENTS = {};
