#!/usr/bin/env node
// An LSP client for 'stacklint lsp', independent of the server's code: framing comes from vscode-jsonrpc (the
// library VS Code itself uses), requests are matched by hand so that id-less error replies stay visible.
//   node client.js DRIVER_DIR COMMAND [ARGS...]     e.g. node client.js /tmp/drv dotnet stacklint.dll lsp
// Writes the driver files into DRIVER_DIR, runs the scenario and prints one JSON summary; exit code 0 when every
// check passed.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const [dir, command, ...commandArgs] = process.argv.slice(2);
if (!dir || !command) {
  console.error('usage: node client.js DRIVER_DIR COMMAND [ARGS...]');
  process.exit(2);
}

const BAD = `#include <ntddk.h>

NTSTATUS FillName(VOID)
{
    UCHAR name[2048];
    RtlZeroMemory(name, sizeof(name));
    return name[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return FillName();
}
`;
const FIXED = BAD.replace('UCHAR name[2048];', 'UCHAR name[64];');
const recursive = (self, other) => `#include <ntddk.h>

ULONG ${other}(ULONG depth);

ULONG ${self}(ULONG depth)
{
    return depth == 0 ? 0 : ${other}(depth - 1) + 1;
}
`;

fs.mkdirSync(dir, { recursive: true });
const file = (name) => path.join(dir, name);
fs.writeFileSync(file('drv.c'), BAD);
fs.writeFileSync(file('ping.c'), recursive('Ping', 'Pong'));
fs.writeFileSync(file('pong.c'), recursive('Pong', 'Ping'));
fs.writeFileSync(file('notes.txt'), 'not C\n');
const uri = (name) => pathToFileURL(file(name)).href;

const checks = [];
const failures = [];
function check(name, ok, detail) {
  checks.push(name);
  if (!ok) failures.push(detail === undefined ? name : `${name}: ${JSON.stringify(detail)}`);
}

const child = spawn(command, commandArgs, { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
const reader = new StreamMessageReader(child.stdout);
const writer = new StreamMessageWriter(child.stdin);

const received = [];
const waiters = [];
reader.listen((message) => {
  message.receivedAt = Date.now();
  received.push(message);
  for (const waiter of waiters.slice()) {
    if (!message.consumed && waiter.predicate(message)) {
      message.consumed = true;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }
});

// A guard against a hung server, not a measurement: the summary reports real latencies separately.
const GUARD_MS = Number(process.env.LSP_CLIENT_GUARD_MS || 180000);
function waitFor(what, predicate) {
  const earlier = received.find((m) => !m.consumed && predicate(m));
  if (earlier) { earlier.consumed = true; return Promise.resolve(earlier); }
  return new Promise((resolve, reject) => {
    const waiter = { predicate, resolve };
    waiters.push(waiter);
    setTimeout(() => reject(new Error(`no ${what} within ${GUARD_MS} ms`)), GUARD_MS).unref();
  });
}
const diagnosticsFor = (name) => (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri(name);
const send = (message) => writer.write({ jsonrpc: '2.0', ...message });

async function scenario() {
  const summary = {};
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'drv' }] } });
  const init = await waitFor('initialize result', (m) => m.id === 1);
  check('initialize: full sync with open/close and save', init.result?.capabilities?.textDocumentSync?.change === 1
    && init.result.capabilities.textDocumentSync.openClose === true && !!init.result.capabilities.textDocumentSync.save, init);
  send({ method: 'initialized', params: {} });

  // Input the server must ignore while it keeps serving.
  send({ method: 'custom/unknownNotification', params: {} });
  send({ method: 'textDocument/didChange', params: { textDocument: { uri: uri('never-opened.c'), version: 2 }, contentChanges: [{ text: 'int x;' }] } });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri('notes.txt'), languageId: 'plaintext', version: 1, text: 'not C\n' } } });

  let t0 = Date.now();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri('drv.c'), languageId: 'c', version: 1, text: BAD } } });
  const first = await waitFor('diagnostics for drv.c', diagnosticsFor('drv.c'));
  summary.openLatencyMs = first.receivedAt - t0;
  const sl1002 = first.params.diagnostics.find((d) => d.code === 'SL1002');
  check('didOpen: SL1002 published', !!sl1002, first.params);
  if (sl1002) {
    check('SL1002: source, severity, 0-based range', sl1002.source === 'stacklint' && sl1002.severity === 2
      && sl1002.range.start.line === 4 && sl1002.range.start.character === 10, sl1002);
    check('SL1002: codeDescription.href names the rule', /SL1002/.test(sl1002.codeDescription?.href || ''), sl1002);
    summary.sl1002 = sl1002;
  }

  t0 = Date.now();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri('ping.c'), languageId: 'c', version: 1, text: recursive('Ping', 'Pong') } } });
  const ping = await waitFor('diagnostics for ping.c', diagnosticsFor('ping.c'));
  summary.secondOpenLatencyMs = ping.receivedAt - t0;
  const sl2001 = ping.params.diagnostics.find((d) => d.code === 'SL2001');
  check('whole-driver finding: SL2001 in ping.c with the chain through pong.c', !!sl2001
    && (sl2001.relatedInformation || []).some((r) => r.location.uri === uri('pong.c')), ping.params);

  fs.writeFileSync(file('drv.c'), FIXED);
  t0 = Date.now();
  send({ method: 'textDocument/didChange', params: { textDocument: { uri: uri('drv.c'), version: 2 }, contentChanges: [{ text: FIXED }] } });
  send({ method: 'textDocument/didSave', params: { textDocument: { uri: uri('drv.c') } } });
  const fixed = await waitFor('empty diagnostics for drv.c', (m) => diagnosticsFor('drv.c')(m) && m.params.diagnostics.length === 0);
  summary.saveLatencyMs = fixed.receivedAt - t0;
  check('didSave after the fix: diagnostics cleared', fixed.params.diagnostics.length === 0, fixed.params);

  child.stdin.write('Content-Length: 9\r\n\r\n{not json');
  const parseError = await waitFor('parse error', (m) => m.error && m.error.code === -32700);
  check('malformed JSON: -32700 with id null', parseError.id === null, parseError);

  send({ id: 7, method: 'stacklint/noSuchMethod', params: {} });
  const unknown = await waitFor('reply to the unknown method', (m) => m.id === 7);
  check('unknown method: -32601', unknown.error?.code === -32601, unknown);

  send({ method: 'textDocument/didClose', params: { textDocument: { uri: uri('ping.c') } } });
  const closed = await waitFor('diagnostics cleared on close', (m) => diagnosticsFor('ping.c')(m) && m.params.diagnostics.length === 0);
  check('didClose: diagnostics cleared', !!closed);

  send({ id: 8, method: 'shutdown' });
  const shutdown = await waitFor('shutdown result', (m) => m.id === 8);
  check('shutdown: null result', shutdown.result === null && !shutdown.error, shutdown);
  send({ method: 'exit' });
  summary.exitCode = await exited;
  check('exit after shutdown: exit code 0', summary.exitCode === 0, summary.exitCode);

  check('nothing published for a non-C document', !received.some(diagnosticsFor('notes.txt')));
  check('nothing published for a never-opened document', !received.some(diagnosticsFor('never-opened.c')));
  return summary;
}

scenario()
  .then((summary) => finish(summary))
  .catch((e) => { failures.push(String(e.message || e)); finish({}); });

function finish(summary) {
  const ok = failures.length === 0;
  process.stdout.write(JSON.stringify({ ok, checks: checks.length, failures, ...summary, stderr: ok ? undefined : stderr }, null, 2) + '\n');
  child.kill();
  process.exit(ok ? 0 : 1);
}
