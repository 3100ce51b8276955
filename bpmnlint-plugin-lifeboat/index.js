module.exports = {
  configs: {
    recommended: {
      rules: {
        'async-side-effects': 'error'
      }
    }
  },
  rules: {
    'async-side-effects': './rules/async-side-effects'
  }
};
