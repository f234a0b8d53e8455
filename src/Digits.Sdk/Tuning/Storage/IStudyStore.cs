namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// Where a study's plan, trials, attempts and trained weights live, shared by every worker that joins it. Every
/// method is one short transaction, safe to call from several threads, processes and machines at once; claims are
/// atomic, so two workers never hold the same trial.
/// </summary>
/// <remarks>
/// Two implementations share the SQL (<see cref="RelationalStudyStore"/>): <see cref="SqliteStudyStore"/>, where
/// SQLite's write lock serialises claims, and <see cref="PostgresStudyStore"/>, where <c>FOR UPDATE SKIP LOCKED</c>
/// lets workers claim side by side. Times are the database's clock in Unix seconds, so machines need not agree on
/// theirs.
/// </remarks>
internal interface IStudyStore : IDisposable
{
    /// <summary>The storage as the user named it, without a password, for messages.</summary>
    string Display { get; }

    /// <summary>
    /// Creates the study with its first trials, or checks that the existing one has the same plan. Creates the tables
    /// on first use; refuses, before writing anything, tables of a newer schema.
    /// </summary>
    /// <exception cref="StudyMismatchException">The study exists with another plan.</exception>
    /// <exception cref="StudyStorageException">The storage cannot be used.</exception>
    StudyRecord Join(string name, StudyPlan plan, int plannedTrials, IReadOnlyList<PlannedTrial> firstTrials, WorkerIdentity worker);

    /// <summary>Finds a study by name.</summary>
    /// <exception cref="StudyNotFoundException">No study has that name (the message lists those there are).</exception>
    StudyRecord Find(string name);

    /// <summary>Every study, by name.</summary>
    IReadOnlyList<StudySummary> List();

    /// <summary>
    /// Re-queues the trials whose lease ran out (failing those that ran out too often), then gives
    /// <paramref name="worker"/> the next trial: a successive-halving promotion when one is due, else the first pending
    /// trial. Null when nothing is pending now.
    /// </summary>
    TrialLease? Claim(StudyRecord study, WorkerIdentity worker, TimeSpan lease);

    /// <summary>Extends the lease and records how far training is. False when the trial is no longer this lease's.</summary>
    bool Heartbeat(TrialLease lease, string? progress);

    /// <summary>Records a finished trial with its weights. False (and nothing written) when the lease was lost.</summary>
    bool Complete(TrialLease lease, TrialOutcome outcome);

    /// <summary>Records a trial whose training failed, with the error; it is not retried.</summary>
    bool Fail(TrialLease lease, string error);

    /// <summary>Gives a trial back unfinished (the worker was stopped), for another worker to take at once.</summary>
    void Release(TrialLease lease);

    /// <summary>How many trials are pending, running (live or not) and finished.</summary>
    StudyCounts Count(StudyRecord study);

    /// <summary>The study's trials, attempts and the database's time now.</summary>
    StudySnapshot Read(StudyRecord study);

    /// <summary>The checkpoint bytes of a complete trial, or null when it has none.</summary>
    byte[]? ReadCheckpoint(StudyRecord study, int trial);

    /// <summary>Deletes a study with its trials, attempts and weights. False when there was no such study.</summary>
    bool Delete(string name);
}
