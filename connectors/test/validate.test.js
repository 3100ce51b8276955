// Validates small broken templates and checks what is reported; run by .ci/run: node connectors/test/validate.test.js
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { validate } = require('../validate');

const SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

function template(changes) {
  return Object.assign({
    $schema: SCHEMA,
    id: 'io.lifeboat.backup.recordBackup',
    version: 1,
    name: 'Backup: record success',
    description: 'Marks the backup SUCCEEDED. Reads: backupId.',
    appliesTo: [ 'bpmn:Task' ],
    elementType: { value: 'bpmn:ServiceTask' },
    properties: [
      { type: 'Hidden', value: '${recordBackup}', binding: { type: 'property', name: 'camunda:delegateExpression' } }
    ]
  }, changes);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-templates-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function write(name, content) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const cases = [
  [ 'a valid template', () => [ write('backup.json', [ template({}) ]) ], [] ],
  [ 'a binding without its name', () => [ write('backup.json', [ template({ properties: [
    { type: 'Hidden', value: '${recordBackup}', binding: { type: 'property' } } ] }) ]) ],
  [ "backup.json: template io.lifeboat.backup.recordBackup: /properties/0/binding: must have required property 'name'" ] ],
  [ 'a dropdown without choices', () => [ write('backup.json', [ template({ properties: [
    { label: 'Hook', type: 'Dropdown', value: 'thaw', binding: { type: 'camunda:inputParameter', name: 'hook' } } ] }) ]) ],
  [ "backup.json: template io.lifeboat.backup.recordBackup: /properties/0: must have required property 'choices'" ] ],
  [ 'an element type without namespace', () => [ write('backup.json', [ template({ appliesTo: [ 'ServiceTask' ] }) ]) ],
    [ 'backup.json: template io.lifeboat.backup.recordBackup: /appliesTo/0: must match pattern "^[\\w\\d]+:[\\w\\d]+$"' ] ],
  [ 'a binding type the schema does not know', () => [ write('backup.json', [ template({ properties: [
    { type: 'Hidden', value: 'R3/PT1M', binding: { type: 'camunda:failedJobRetryTimeCycle' } } ] }) ]) ],
  [ 'backup.json: template io.lifeboat.backup.recordBackup: /properties/0/binding/type: must be equal to one of the allowed values'
    + ' ["property","camunda:property","camunda:inputParameter","camunda:outputParameter","camunda:in","camunda:out",'
    + '"camunda:in:businessKey","camunda:executionListener","camunda:field","camunda:errorEventDefinition"]' ] ],
  [ 'no name, version or description', () => [ write('backup.json', [ template({ name: undefined, version: undefined, description: ' ' }) ]) ],
    [ "backup.json: template io.lifeboat.backup.recordBackup: /: must have required property 'name'",
      'backup.json: template io.lifeboat.backup.recordBackup: /version: must be set, an integer (raise it when the template changes)',
      'backup.json: template io.lifeboat.backup.recordBackup: /description: must say what the step does and which variables it reads and writes' ] ],
  [ 'an id of another area', () => [ write('restore.json', [ template({}) ]) ],
    [ 'restore.json: template io.lifeboat.backup.recordBackup: /id: must be io.lifeboat.restore.<name>, after its file restore.json' ] ],
  [ 'the same id and version twice', () => [ write('backup.json', [ template({}), template({ name: 'Backup: record it again' }) ]) ],
    [ 'backup.json: template io.lifeboat.backup.recordBackup: id and version already used in backup.json' ] ],
  [ 'a file that is not JSON', () => [ write('backup.json', '[{"id": ') ], [ /^backup\.json: template -: not JSON: / ] ]
];

for (const [ name, files, expected ] of cases) {
  for (const file of fs.readdirSync(dir)) {
    fs.unlinkSync(path.join(dir, file));
  }
  const reported = validate(files()).map(problem => problem.file + ': template ' + problem.template + ': ' + problem.message);
  assert.strictEqual(reported.length, expected.length, name + ': ' + JSON.stringify(reported));
  expected.forEach((message, index) => {
    assert.ok(message instanceof RegExp ? message.test(reported[index]) : message === reported[index], name + ': ' + reported[index]);
  });
  console.log('ok - ' + name);
}
