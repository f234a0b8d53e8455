namespace Digits.Sdk.Tuning.Storage;

/// <summary>A trial claimed by a worker: what to train, and the attempt that only this worker may record.</summary>
/// <param name="Study">The study's key.</param>
/// <param name="Number">The trial's number.</param>
/// <param name="Rung">Its rung.</param>
/// <param name="Epochs">The epochs to train.</param>
/// <param name="Values">The hyperparameters it sets.</param>
/// <param name="Attempt">Which claim of the trial this is, from 1; writes name it, so a worker whose lease was taken over writes nothing.</param>
/// <param name="Worker">The worker holding it.</param>
/// <param name="Duration">How long the lease lasts without a heartbeat.</param>
internal sealed record TrialLease(long Study, int Number, int Rung, int Epochs, IReadOnlyDictionary<string, string> Values, int Attempt, WorkerIdentity Worker, TimeSpan Duration);
