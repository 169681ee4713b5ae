import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram } from '../../server/src/ports/runProgram';

void test('runProgram: stdout of a successful program, argv passed verbatim (no shell)', async () => {
  const result = await runProgram(process.execPath, ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', 'a b', '$HOME', '"q"']);
  assert.deepEqual(result, { stdout: '["a b","$HOME","\\"q\\""]\n', exitCode: 0 });
});

void test('runProgram: a non-zero exit still yields its output (lsof exits 1 when nothing matches)', async () => {
  assert.deepEqual(await runProgram(process.execPath, ['-e', 'process.stdout.write("x"); process.exit(1)']), { stdout: 'x', exitCode: 1 });
});

void test('runProgram: a missing program and a timeout are errors that say so', async () => {
  await assert.rejects(runProgram('nanokit-no-such-program', []), { message: 'Running nanokit-no-such-program failed: ENOENT.' });
  await assert.rejects(runProgram(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 }), {
    message: `Running ${process.execPath} failed: timed out after 300 ms.`,
  });
});
