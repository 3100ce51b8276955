// Lints small diagrams with the rule and checks what it reports; run by .ci/run: node bpmnlint-plugin-lifeboat/test/...
const assert = require('assert');
const { BpmnModdle } = require('bpmn-moddle');
const Linter = require('bpmnlint/lib/linter');
const rule = require('../rules/async-side-effects');

const RETRY = '<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>';

function diagram(task) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  id="Definitions" targetNamespace="https://lifeboat.io/test">
  <bpmn:process id="test" isExecutable="true">${task}</bpmn:process>
</bpmn:definitions>`;
}

const cases = [
  [ 'async with a retry cycle', `<bpmn:serviceTask id="Task" camunda:asyncBefore="true" camunda:delegateExpression="\${work}">${RETRY}</bpmn:serviceTask>`, null ],
  [ 'synchronous on purpose', '<bpmn:serviceTask id="Task" camunda:delegateExpression="${claim}"><bpmn:documentation>Synchronous on purpose: answers 409 in the request.</bpmn:documentation></bpmn:serviceTask>', null ],
  [ 'an external task', '<bpmn:serviceTask id="Task" camunda:type="external" camunda:topic="backup-agent" />', null ],
  [ 'a decision table', '<bpmn:businessRuleTask id="Task" camunda:decisionRef="classification" />', null ],
  [ 'synchronous without a reason', '<bpmn:serviceTask id="Task" camunda:delegateExpression="${work}" />', 'without an async boundary' ],
  [ 'a reason that is not one', '<bpmn:serviceTask id="Task" camunda:delegateExpression="${work}"><bpmn:documentation>Records the claim.</bpmn:documentation></bpmn:serviceTask>', 'without an async boundary' ],
  [ 'async without a retry cycle', '<bpmn:serviceTask id="Task" camunda:asyncBefore="true" camunda:class="io.lifeboat.Work" />', 'without a camunda:failedJobRetryTimeCycle' ],
  [ 'a script', '<bpmn:scriptTask id="Task" scriptFormat="groovy"><bpmn:script>println 1</bpmn:script></bpmn:scriptTask>', 'without an async boundary' ]
];

(async function() {
  const linter = new Linter({ resolver: { resolveRule: () => Promise.resolve(rule), resolveConfig: () => { throw new Error('no configs'); } } });
  for (const [ name, task, expected ] of cases) {
    const { rootElement } = await new BpmnModdle().fromXML(diagram(task));
    const results = await linter.lint(rootElement, { rules: { 'async-side-effects': 2 } });
    const reports = (results['async-side-effects'] || []).map(report => report.id + ': ' + report.message);
    if (expected === null) {
      assert.deepStrictEqual(reports, [], name);
    } else {
      assert.strictEqual(reports.length, 1, name + ': ' + JSON.stringify(reports));
      assert.ok(reports[0].startsWith('Task: ') && reports[0].includes(expected), name + ': ' + reports[0]);
    }
    console.log('ok - ' + name);
  }
})().catch(error => {
  console.error(error.message);
  process.exit(1);
});
