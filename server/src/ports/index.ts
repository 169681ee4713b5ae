/** Host port probe and owner lookup (node-only; reads host state, never changes it). */
export { PortChecker, type PortCheckerOptions } from './portChecker';
export { probePort, bindAndClose, type ProbeOptions, type BindFn, type BindAttempt } from './probe';
export { findPortOwner, type OwnerLookupOptions, type OwnerLookupResult } from './ownerLookup';
export { describeOwner, privilegedPortRemedy } from './describeOwner';
export { nextFreePortPair, type PortPair, type NextFreePortPairOptions } from './freePortPair';
export { isContainerPortHolder, findPublishingContainer, lookupPublishingContainer } from './dockerOwner';
export { parseProcNetTcp } from './linuxProcNet';
export { parseLsofListen, parsePsCommand } from './macosOwner';
export { parseNetstatListening, parseTasklistCsv } from './windowsOwner';
export type { PortState, PortStatus, PortOwner, PortContainer, ProbeResult, ListeningSocket, RunProgram } from './types';
export { portDiagnostics, isOwnGateway, hasConflict, type PortFixData } from './portDiagnostics';
