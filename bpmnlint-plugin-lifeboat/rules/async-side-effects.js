/**
 * A task that runs Lifeboat code (a delegate, an expression, a script) may have a side effect. It starts after an
 * async boundary (camunda:asyncBefore) with a camunda:failedJobRetryTimeCycle, so that its failure is retried and then
 * kept as an incident at that step instead of rolling back into whoever triggered it - unless its documentation
 * starts with "Synchronous on purpose:" and says why (e.g. a claim that must answer 409 in the request).
 *
 * External tasks are left out: their work and its retries belong to the worker.
 */
const ON_PURPOSE = 'Synchronous on purpose:';

const TASKS = [ 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask' ];

function runsCode(node) {
  if (node.get('camunda:type') === 'external') {
    return false;
  }
  if (node.$type === 'bpmn:BusinessRuleTask' && node.get('camunda:decisionRef')) {
    return false; // a decision table reads variables and writes one: no side effect
  }
  return node.$type === 'bpmn:ScriptTask' || Boolean(node.get('camunda:delegateExpression') || node.get('camunda:class')
    || node.get('camunda:expression'));
}

function documentedAsSynchronous(node) {
  return (node.documentation || []).some(doc => (doc.text || '').trim().startsWith(ON_PURPOSE));
}

function hasRetryCycle(node) {
  const values = (node.extensionElements && node.extensionElements.values) || [];
  return values.some(value => /failedJobRetryTimeCycle$/i.test(value.$type) && (value.$body || '').trim() !== '');
}

module.exports = function() {

  function check(node, reporter) {
    if (!TASKS.includes(node.$type) || !runsCode(node) || documentedAsSynchronous(node)) {
      return;
    }
    const asyncBefore = String(node.get('camunda:asyncBefore')) === 'true';
    if (!asyncBefore) {
      reporter.report(node.id, 'Task runs code without an async boundary: set camunda:asyncBefore with a '
        + 'camunda:failedJobRetryTimeCycle, or start its documentation with "' + ON_PURPOSE + '" and say why');
    } else if (!hasRetryCycle(node)) {
      reporter.report(node.id, 'Asynchronous task without a camunda:failedJobRetryTimeCycle: say how often and when '
        + 'its failure is retried before it becomes an incident');
    }
  }

  return { check };
};
