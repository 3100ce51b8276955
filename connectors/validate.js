// Validates the element templates in connectors/*.json against the Camunda 7 element template JSON schema of
// @camunda/element-templates-json-schema (pinned in package.json), plus what the Modeler and this project add: an id
// and version used once, an id io.lifeboat.<file name>.<name>, a version and a description. Run by .ci/run:
//   node connectors/validate.js [file.json ...]
// Exits 1 naming the file, the template and each error.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');

// the shipped schema leaves some types implicit, which Ajv's strict mode would only warn about
const ajv = new Ajv({ allErrors: true, strictTypes: false });
ajv.addSchema(schema);
const validateTemplate = ajv.getSchema(schema.$id + '#/definitions/template');

/** Ajv's message for an error, without the "must match then schema" echo of an if/then that failed inside. */
function schemaErrors(template) {
  if (validateTemplate(template)) {
    return [];
  }
  return validateTemplate.errors
    .filter(error => error.keyword !== 'if')
    .map(error => (error.instancePath || '/') + ': ' + error.message
      + (error.params && error.params.allowedValues ? ' ' + JSON.stringify(error.params.allowedValues) : ''));
}

function projectErrors(template, area) {
  const errors = [];
  if (!new RegExp('^io\\.lifeboat\\.' + area + '\\.[A-Za-z][A-Za-z0-9]*$').test(template.id || '')) {
    errors.push('/id: must be io.lifeboat.' + area + '.<name>, after its file ' + area + '.json');
  }
  if (!Number.isInteger(template.version)) {
    errors.push('/version: must be set, an integer (raise it when the template changes)');
  }
  if (!template.description || !template.description.trim()) {
    errors.push('/description: must say what the step does and which variables it reads and writes');
  }
  return errors;
}

/** Every problem of the given files, as {file, template, message}. */
function validate(files) {
  const problems = [];
  const seen = new Map();
  for (const file of files) {
    const name = path.basename(file);
    let templates;
    try {
      templates = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ file: name, template: '-', message: 'not JSON: ' + error.message });
      continue;
    }
    templates = Array.isArray(templates) ? templates : [ templates ];
    templates.forEach((template, index) => {
      const label = (template && template.id) || '#' + index;
      if (typeof template !== 'object' || template === null || Array.isArray(template)) {
        problems.push({ file: name, template: label, message: 'must be a template object' });
        return;
      }
      for (const message of schemaErrors(template).concat(projectErrors(template, path.basename(file, '.json')))) {
        problems.push({ file: name, template: label, message });
      }
      const key = template.id + '@' + template.version;
      if (seen.has(key)) {
        problems.push({ file: name, template: label, message: 'id and version already used in ' + seen.get(key) });
      } else {
        seen.set(key, name);
      }
    });
  }
  return problems;
}

function templateFiles(dir) {
  return fs.readdirSync(dir).filter(name => name.endsWith('.json')).sort().map(name => path.join(dir, name));
}

module.exports = { validate, templateFiles };

if (require.main === module) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : templateFiles(__dirname);
  const problems = validate(files);
  for (const problem of problems) {
    console.error(problem.file + ': template ' + problem.template + ': ' + problem.message);
  }
  if (problems.length > 0 || files.length === 0) {
    console.error(files.length === 0 ? 'no element templates found' : problems.length + ' problem(s) in element templates');
    process.exit(1);
  }
  const count = files.reduce((sum, file) => sum + [].concat(JSON.parse(fs.readFileSync(file, 'utf8'))).length, 0);
  console.log('element templates: ' + count + ' in ' + files.length + ' files valid');
}
