export { fuehrungszeugnisWorkflow, certificateDescription, bzrRecipientName } from './fuehrungszeugnis.ts';
export { fuehrungszeugnisDataSchema, type FuehrungszeugnisData } from './schema.ts';
export { minimumAge as fuehrungszeugnisMinimumAge, otherEuMemberStates } from './rules.ts';
