/**
 * The demo's in-memory data: products, orders, organization members, invitations and projects. Nothing is
 * persisted; every `createStore()` starts from the same seed.
 *
 * @module
 */

export interface Product {
  id: string;
  name: string;
  price: number;
}

export interface Order {
  id: string;
  item: string;
  qty: number;
  /** `sub` of the caller who placed it. */
  createdBy: string;
}

export interface Member {
  id: string;
  name: string;
  role: string;
}

export interface Invitation {
  id: string;
  organizationId: string;
  email: string;
  /** `sub` of the caller who sent it. */
  invitedBy: string;
}

export interface Project {
  id: string;
  name: string;
}

/** The data behind the demo routes. Organizations without seed data simply have none. */
export interface Store {
  listProducts(): Product[];
  addOrder(order: Omit<Order, 'id'>): Order;
  listMembers(organizationId: string): Member[];
  addInvitation(invitation: Omit<Invitation, 'id'>): Invitation;
  listProjects(organizationId: string): Project[];
}

const PRODUCTS: readonly Product[] = [
  { id: 'prod-1', name: 'Widget', price: 9.99 },
  { id: 'prod-2', name: 'Gadget', price: 24.5 },
];

const MEMBERS: Readonly<Record<string, readonly Member[]>> = {
  'org-acme': [
    { id: 'user-alice', name: 'Alice', role: 'admin' },
    { id: 'user-bob', name: 'Bob', role: 'member' },
  ],
  'org-globex': [{ id: 'user-hank', name: 'Hank', role: 'member' }],
};

const PROJECTS: Readonly<Record<string, readonly Project[]>> = {
  'org-acme': [
    { id: 'proj-rocket', name: 'Rocket skates' },
    { id: 'proj-anvil', name: 'Portable anvil' },
  ],
  'org-globex': [{ id: 'proj-doomsday', name: 'Doomsday device' }],
};

/**
 * A fresh store seeded with two products and members and projects for `org-acme` and `org-globex`
 * (the dev issuer's organizations).
 *
 * @example
 * ```ts
 * const store = createStore();
 * store.addOrder({ item: 'Widget', qty: 2, createdBy: 'm2m-full-access' }); // { id: 'order-1', ... }
 * ```
 */
export function createStore(): Store {
  const orders: Order[] = [];
  const invitations: Invitation[] = [];
  return {
    listProducts: () => PRODUCTS.map((product) => ({ ...product })),
    addOrder(order) {
      const created = { id: `order-${orders.length + 1}`, ...order };
      orders.push(created);
      return created;
    },
    listMembers: (organizationId) => (MEMBERS[organizationId] ?? []).map((member) => ({ ...member })),
    addInvitation(invitation) {
      const created = { id: `inv-${invitations.length + 1}`, ...invitation };
      invitations.push(created);
      return created;
    },
    listProjects: (organizationId) => (PROJECTS[organizationId] ?? []).map((project) => ({ ...project })),
  };
}
