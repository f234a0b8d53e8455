// Test classes run one at a time in this assembly.
//
// Run side by side, tests that call TorchSharp failed now and then (three times in about a dozen runs, in
// different tests) with "Expected false to be true, but got false" from c10::Scalar::toFloat: a Scalar that
// libtorch read was no longer valid. TorchSharp 0.107 creates temporary Scalars inside its own methods (Adam's
// `value: 1 - beta2`, the `alpha` of `add_`) with no reference kept across the native call, and Scalar has a
// finalizer, so a garbage collection caused by another test's allocations can free one mid-call. Holding the
// scalars we pass was not enough (the failure moved to a temporary inside TorchSharp's `add_`). With one test
// at a time no other thread allocates while a TorchSharp call runs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
