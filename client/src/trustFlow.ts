// "Trust Local CA" / "Remove Local CA Trust": show the root's subject and SHA-256 fingerprint, ask
// for explicit consent, install or remove, and report which stores trust it now.
import * as vscode from 'vscode';
import { ensurePersistenceDir } from './gateway/persistence';
import { LocalCaTrust } from './gateway/trust/trustStore';
import type { GatewayControls, Target } from './gatewayControls';

function trustFor(controls: GatewayControls, target: Target): LocalCaTrust {
  const { project, environment, gateway } = target.resolved;
  return new LocalCaTrust({
    project, environment,
    stateDir: ensurePersistenceDir(gateway.persistenceMode, target.projectRoot),
    fetchRoot: async () => (await controls.controller().adminClient(project, environment)).waitForLocalCaRoot(),
    // No terminal to type a sudo password into: pkexec asks through the desktop's own dialog.
    elevation: process.platform === 'linux' ? 'pkexec' : 'none',
  });
}

export async function trustLocalCa(controls: GatewayControls, arg?: unknown): Promise<void> {
  const target = await controls.target(arg);
  if (!target?.resolved.project) throw new Error('No nanokit.yml with a "name" found: open your project\'s nanokit.yml first.');
  const store = trustFor(controls, target);
  const details = await store.prepareTrust();
  if (details.stores.length === 0) throw new Error('No trust store that Nanokit can write was found on this machine (update-ca-certificates, trust, certutil or security).');
  const c = details.certificate;
  const note = details.rootChanged
    ? `\n\nThe root changed since you last trusted it (was ${details.previousFingerprint}); the old one will be removed.`
    : details.alreadyTrusted ? '\n\nThis root is already trusted; it will be installed again.' : '';
  const detail = `Subject: ${c.subject}\nSHA-256 fingerprint: ${c.sha256Fingerprint}\nValid until: ${c.validTo.toISOString().slice(0, 10)}\nStores: ${details.stores.join(', ')}${note}\n\nAnyone with this CA's private key (in the gateway's data folder) can issue certificates your machine trusts.`;
  const choice = await vscode.window.showWarningMessage(`Trust the local CA of the ${target.resolved.project} (${target.resolved.environment}) gateway for HTTPS on this machine?`, { modal: true, detail }, 'Trust');
  if (choice !== 'Trust') return;
  const result = await store.applyTrust(details);
  const trusted = result.stores.map((s) => s.label).join(', ') || 'no store';
  if (result.failures.length) {
    void vscode.window.showWarningMessage(`Local CA trusted in: ${trusted}. Failed: ${result.failures.map((f) => `${f.store} (${f.message})`).join('; ')}`);
  } else {
    void vscode.window.showInformationMessage(`Local CA trusted in: ${trusted}. Restart your browser to pick it up.`);
  }
}

export async function untrustLocalCa(controls: GatewayControls, arg?: unknown): Promise<void> {
  const target = await controls.target(arg);
  if (!target?.resolved.project) throw new Error('No nanokit.yml with a "name" found: open your project\'s nanokit.yml first.');
  const store = trustFor(controls, target);
  const state = store.readState();
  if (!state) {
    void vscode.window.showInformationMessage('Nothing to remove: Nanokit has not trusted a local CA for this project and environment.');
    return;
  }
  const choice = await vscode.window.showWarningMessage(`Remove the trust Nanokit added for the ${target.resolved.project} (${target.resolved.environment}) local CA?`, { modal: true, detail: `SHA-256 fingerprint: ${state.fingerprint}` }, 'Remove');
  if (choice !== 'Remove') return;
  const result = await store.untrust();
  const removed = result.removed.map((s) => s.label).join(', ') || 'nothing';
  if (result.failures.length) void vscode.window.showWarningMessage(`Removed from: ${removed}. Failed: ${result.failures.map((f) => `${f.store} (${f.message})`).join('; ')}`);
  else void vscode.window.showInformationMessage(`Local CA trust removed from: ${removed}.`);
}
