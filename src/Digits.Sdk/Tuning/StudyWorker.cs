namespace Digits.Sdk.Tuning;

/// <summary>What one worker did for a study, counted from its attempts.</summary>
/// <param name="Worker">The worker, as <c>machine:pid</c>.</param>
/// <param name="Machine">Its machine.</param>
/// <param name="Complete">Trials it finished and recorded.</param>
/// <param name="Failed">Trials whose training threw on it.</param>
/// <param name="Expired">Trials it held until its lease ran out (it was killed, hung or cut off).</param>
/// <param name="Released">Trials it gave back when stopped.</param>
/// <param name="Running">Trials it holds now.</param>
/// <param name="TrainingTime">The training time of the trials it finished.</param>
public sealed record StudyWorker(string Worker, string Machine, int Complete, int Failed, int Expired, int Released, int Running, TimeSpan TrainingTime);
