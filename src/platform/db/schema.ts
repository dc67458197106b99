// All tables, for drizzle-kit and for typed queries. Each area owns its schema file.
export * from '../tenancy/schema.ts';
export * from '../../identity/schema.ts';
export * from '../../register/schema.ts';
export * from '../../audit/schema.ts';
export * from '../../planning/schema.ts';
export * from '../../requests/schema.ts';
export * from '../../cases/schema.ts';
export * from '../../documents/schema.ts';
export * from '../../exchange/schema.ts';
export * from '../../fees/schema.ts';
export * from '../../kit/schema.ts';
