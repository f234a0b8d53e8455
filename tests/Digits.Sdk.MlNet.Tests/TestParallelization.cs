// Test classes run one at a time, as in Digits.Sdk.Tests: TorchSharp 0.107 passes temporary Scalars to libtorch
// with no reference kept across the call, so a collection started by another thread can free one mid-call.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
