// The engine-overhead baseline's dynamic provider (npm run bench, scenario `trivial`): it does
// nothing. scripts/bench.ts installs it as the package `bench-trivial-provider` in a node_modules
// folder above the bench project, so that, like PackageVersion's provider, it is this module's
// whole export and Pulumi records it in each resource's `__provider` as a require() of it.
"use strict";

module.exports = {
  async create(inputs) {
    return { id: `trivial-${inputs.index}`, outs: { index: inputs.index } };
  },
  async diff() {
    return { changes: false };
  },
  async update(_id, _olds, news) {
    return { outs: { index: news.index } };
  },
};
