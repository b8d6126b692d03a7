#!/usr/bin/env node
// Validates SARIF files against the SARIF 2.1.0 JSON schema with ajv (the schema is draft 2020-12, as shipped
// in @microsoft/sarif-multitool; formats such as uri and date-time are checked through ajv-formats).
// Usage: node validate-schema.js SCHEMA.json FILE.sarif...   Exit 0 when every file is valid, 1 otherwise.
'use strict';
const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error('usage: node validate-schema.js SCHEMA.json FILE.sarif...');
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// strict: false because the OASIS schema uses annotation keywords ajv's strict mode does not know;
// allErrors so one run lists every problem.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of files) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(data)) {
    console.log(`${file}: valid`);
  } else {
    failed = true;
    for (const e of validate.errors) {
      console.log(`${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
