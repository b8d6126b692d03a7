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

NTSTATUS DispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    return FillName();
}
`;
const FIXED = BAD.replace('UCHAR name[2048];', 'UCHAR name[64];');
const BROKEN = `#include <ntddk.h>
#include "generated_header.h"

NTSTATUS Broken(VOID)
{
    return STATUS_SUCCESS;
}
`;
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
const shownDocuments = [];
reader.listen((message) => {
  message.receivedAt = Date.now();
  received.push(message);
  // Requests from the server: window/showDocument (the rule page) is answered as VS Code does.
  if (message.method === 'window/showDocument' && message.id !== undefined) {
    shownDocuments.push(message.params);
    writer.write({ jsonrpc: '2.0', id: message.id, result: { success: true } });
  }
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
  const caps = init.result?.capabilities || {};
  check('initialize: hover, code actions and the rule-page command', caps.hoverProvider === true && !!caps.codeActionProvider
    && (caps.executeCommandProvider?.commands || []).includes('stacklint.openRulePage'), caps);
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

  // Hover over the definition of FillName (line 3, 'FillName' at column 10) and over the call in DispatchCreate (a dispatch routine's caller's stack: DriverEntry's fresh stack would not report the buffer).
  send({ id: 30, method: 'textDocument/hover', params: { textDocument: { uri: uri('drv.c') }, position: { line: 2, character: 11 } } });
  const hover = await waitFor('hover on FillName', (m) => m.id === 30);
  const hoverText = hover.result?.contents?.value || '';
  summary.hover = hoverText;
  check('hover: frame, largest local and worst path of FillName', hover.result?.contents?.kind === 'markdown'
    && /`FillName`.*estimated frame \*\*2,\d{3} bytes\*\*/.test(hoverText) && hoverText.includes('`name` 2,048 bytes')
    && /Worst path from here: \*\*2,\d{3} bytes\*\*/.test(hoverText), hover);
  send({ id: 31, method: 'textDocument/hover', params: { textDocument: { uri: uri('drv.c') }, position: { line: 13, character: 12 } } });
  const callHover = await waitFor('hover on the call', (m) => m.id === 31);
  check('hover on a call shows the callee', /`FillName`/.test(callHover.result?.contents?.value || ''), callHover);
  send({ id: 32, method: 'textDocument/hover', params: { textDocument: { uri: uri('drv.c') }, position: { line: 0, character: 1 } } });
  const noHover = await waitFor('hover on nothing', (m) => m.id === 32);
  check('hover off a function: null', noHover.result === null && !noHover.error, noHover);

  // Code actions for the finding: the suppression comment, and the rule page through window/showDocument.
  if (sl1002) {
    send({ id: 40, method: 'textDocument/codeAction', params: { textDocument: { uri: uri('drv.c') }, range: sl1002.range, context: { diagnostics: [sl1002] } } });
    const actions = (await waitFor('code actions', (m) => m.id === 40)).result || [];
    const suppress = actions.find((a) => a.edit);
    const edit = suppress?.edit?.changes?.[uri('drv.c')]?.[0];
    check('code action: insert the disable comment above the line, indented', !!edit && edit.range.start.line === 4
      && edit.range.start.character === 0 && edit.newText === '    // stacklint-disable-next-line SL1002 -- \n', actions);
    const open = actions.find((a) => a.command?.command === 'stacklint.openRulePage');
    check('code action: open the rule page', !!open, actions);
    if (open) {
      send({ id: 41, method: 'workspace/executeCommand', params: { command: open.command.command, arguments: open.command.arguments } });
      const executed = await waitFor('executeCommand result', (m) => m.id === 41);
      check('executeCommand: the client is asked to show the SL1002 page', !executed.error
        && shownDocuments.some((d) => /rules-docs\/SL1002\.md$/.test(d.uri) && d.external === true), { executed, shownDocuments });
    }
  }

  // Unsaved edits (the disk keeps the bad version): diagnostics follow the buffer, the rest of the driver from the cache.
  const editLatencies = [];
  let version = 1;
  for (let i = 0; i < 6; i++) {
    const fixed = i % 2 === 0;
    version++;
    const v = version;
    t0 = Date.now();
    send({ method: 'textDocument/didChange', params: { textDocument: { uri: uri('drv.c'), version: v }, contentChanges: [{ text: fixed ? FIXED : BAD }] } });
    const published = await waitFor(`diagnostics for edit ${v}`, (m) => diagnosticsFor('drv.c')(m) && m.params.version === v);
    editLatencies.push(published.receivedAt - t0);
    const has = published.params.diagnostics.some((d) => d.code === 'SL1002');
    check(`unsaved edit ${v}: SL1002 ${fixed ? 'gone' : 'back'}`, has !== fixed, published.params);
  }
  summary.unsavedEditLatenciesMs = editLatencies;
  const sorted = editLatencies.slice().sort((a, b) => a - b);
  summary.unsavedEditMedianMs = sorted[Math.floor(sorted.length / 2)];
  // Reported, not checked: a test's pass must not depend on the machine's load. bench/lsp-latency measures it.

  // A file that does not parse cleanly says so on the file itself (SL0001 on the #include line).
  fs.writeFileSync(file('broken.c'), BROKEN);
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri('broken.c'), languageId: 'c', version: 1, text: BROKEN } } });
  const broken = await waitFor('diagnostics for broken.c', diagnosticsFor('broken.c'));
  const sl0001 = broken.params.diagnostics.find((d) => d.code === 'SL0001');
  check('parse problem: SL0001 warning on the missing include', !!sl0001 && sl0001.severity === 2 && sl0001.range.start.line === 1
    && /generated_header\.h/.test(sl0001.message), broken.params);

  t0 = Date.now();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri('ping.c'), languageId: 'c', version: 1, text: recursive('Ping', 'Pong') } } });
  const ping = await waitFor('diagnostics for ping.c', diagnosticsFor('ping.c'));
  summary.secondOpenLatencyMs = ping.receivedAt - t0;
  const sl2001 = ping.params.diagnostics.find((d) => d.code === 'SL2001');
  check('whole-driver finding: SL2001 in ping.c with the chain through pong.c', !!sl2001
    && (sl2001.relatedInformation || []).some((r) => r.location.uri === uri('pong.c')), ping.params);

  fs.writeFileSync(file('drv.c'), FIXED);
  t0 = Date.now();
  send({ method: 'textDocument/didChange', params: { textDocument: { uri: uri('drv.c'), version: 100 }, contentChanges: [{ text: FIXED }] } });
  send({ method: 'textDocument/didSave', params: { textDocument: { uri: uri('drv.c') } } });
  const fixed = await waitFor('empty diagnostics for drv.c', (m) => diagnosticsFor('drv.c')(m) && m.params.diagnostics.length === 0);
  summary.saveLatencyMs = fixed.receivedAt - t0;
  check('didSave after the fix: diagnostics cleared', fixed.params.diagnostics.length === 0, fixed.params);

  child.stdin.write('Content-Length: 9\r\n\r\n{not json');
  const parseError = await waitFor('parse error', (m) => m.error && m.error.code === -32700);
  check('malformed JSON: -32700 with id null', parseError.id === null, parseError);

  // A truncated frame (Content-Length larger than what follows) swallows the start of the next message; the server
  // answers the garbage with a parse error and finds the frame after it.
  const lost = JSON.stringify({ jsonrpc: '2.0', id: 20, method: 'stacklint/lostInTheGarbage', params: {} });
  const next = JSON.stringify({ jsonrpc: '2.0', id: 21, method: 'stacklint/afterTheGarbage', params: {} });
  child.stdin.write('Content-Length: 80\r\n\r\n{"jsonrpc":"2.0","id":'
    + `Content-Length: ${Buffer.byteLength(lost)}\r\n\r\n${lost}`
    + `Content-Length: ${Buffer.byteLength(next)}\r\n\r\n${next}`);
  const garbage = await waitFor('parse error for the truncated frame', (m) => m.error && m.error.code === -32700);
  check('truncated frame: -32700 with id null', garbage.id === null, garbage);
  const after = await waitFor('reply to the frame after the truncated one', (m) => m.id === 21);
  check('truncated frame: the next frame is still served (-32601)', after.error?.code === -32601, after);

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
