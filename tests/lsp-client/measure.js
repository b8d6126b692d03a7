#!/usr/bin/env node
// Measures 'stacklint lsp' on a real driver file: the time from didOpen to the first diagnostics, then from each
// unsaved edit (a comment appended to the buffer; the disk is not touched) to the diagnostics of that version.
// The first edit comes LSP_MEASURE_SETTLE_MS (default 1000) after the first diagnostics. sameAsOpen tells whether
// every edit's diagnostics equal the open's (an appended comment changes no finding).
//   node measure.js FILE EDITS COMMAND [ARGS...]   e.g. node measure.js /src/drv/io.c 10 dotnet stacklint.dll lsp -p db
// Prints one JSON line. The workspace root is the file's folder.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const [file, editsText, command, ...commandArgs] = process.argv.slice(2);
const edits = Number(editsText);
const child = spawn(command, commandArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
const reader = new StreamMessageReader(child.stdout);
const writer = new StreamMessageWriter(child.stdin);
const uri = pathToFileURL(file).href;
const waiting = [];
reader.listen((m) => {
  const at = Date.now();
  for (const w of waiting.slice()) if (w.predicate(m)) { waiting.splice(waiting.indexOf(w), 1); w.resolve({ m, at }); }
});
const waitFor = (predicate) => new Promise((resolve) => waiting.push({ predicate, resolve }));
const send = (m) => writer.write({ jsonrpc: '2.0', ...m });
const published = (v) => (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === v;

(async () => {
  const text = fs.readFileSync(file, 'utf8');
  const root = pathToFileURL(path.dirname(file)).href;
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: root, capabilities: {} } });
  await waitFor((m) => m.id === 1);
  send({ method: 'initialized', params: {} });
  let t0 = Date.now();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'c', version: 1, text } } });
  const open = await waitFor(published(1));
  const result = { file, openMs: open.at - t0, diagnostics: open.m.params.diagnostics.length, editMs: [], sameAsOpen: true };
  // Each edit only appends a comment: its diagnostics must be those of the (cached, cold) analysis at open.
  const openDiagnostics = JSON.stringify(open.m.params.diagnostics);
  // A person reads the file before typing; the server uses that pause to ready the file for edits.
  const settle = Number(process.env.LSP_MEASURE_SETTLE_MS ?? 1000);
  result.settleMs = settle;
  await new Promise((r) => setTimeout(r, settle));
  for (let v = 2; v < 2 + edits; v++) {
    t0 = Date.now();
    send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [{ text: `${text}\n// edit ${v}\n` }] } });
    const edited = await waitFor(published(v));
    result.editMs.push(edited.at - t0);
    result.editDiagnostics = edited.m.params.diagnostics.length;
    if (JSON.stringify(edited.m.params.diagnostics) !== openDiagnostics) result.sameAsOpen = false;
    await new Promise((r) => setTimeout(r, 200));
  }
  const sorted = result.editMs.slice().sort((a, b) => a - b);
  result.editMedianMs = sorted[Math.floor(sorted.length / 2)];
  send({ id: 2, method: 'shutdown' });
  await waitFor((m) => m.id === 2);
  send({ method: 'exit' });
  process.stdout.write(JSON.stringify(result) + '\n');
})();
