// Test classes run one at a time in this assembly.
//
// Run side by side, tests that call TorchSharp failed now and then with "Expected false to be true, but got
// false" from c10::Scalar::toFloat: TorchSharp 0.107 passes temporary Scalars to libtorch with no reference kept
// across the call, and Scalar has a finalizer, so a garbage collection started by another thread can free one
// mid-call. Running one class at a time made it rarer but not impossible (a fresh-clone CI run still failed in
// TorchSharp's Adam.step), because the test host's own threads allocate too. The fix is in the SDK: its
// optimizers (Training/Optimization) keep their scalars alive, tested under forced collections in
// ScalarSafeOptimizerTests. Serial classes stay, as other TorchSharp calls with scalar arguments remain.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
