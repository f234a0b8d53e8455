using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// The SQL both stores share: the schema's tables, claims, leases, outcomes and reads. A subclass says how to
/// connect, what "now" is, how claims lock, and how the provider's errors read in the user's terms.
/// </summary>
/// <remarks>
/// <para>Tables (schema version <see cref="SchemaVersion"/>): <c>digits_schema</c> (the version and the SDK that
/// wrote it), <c>digits_studies</c> (name, plan), <c>digits_trials</c> (one row per trial: values, state, lease,
/// scores, history), <c>digits_attempts</c> (one row per claim: who, when, how it ended) and
/// <c>digits_checkpoints</c> (the trained weights of complete trials).</para>
/// <para>A trial row carries the number of its latest claim (<c>attempt</c>); a worker's writes name that number and
/// the <c>running</c> state, so once a lease has been re-queued and claimed again, the old worker's writes match no
/// row: a trial is recorded once however many workers trained it.</para>
/// </remarks>
internal abstract class RelationalStudyStore : IStudyStore
{
    /// <summary>The version of the tables this SDK creates and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>How many leases of one trial may run out before it is failed rather than re-queued again.</summary>
    public const int MaxExpirations = 3;

    private readonly bool create;
    private readonly Lock schemaLock = new();
    private bool? hasSchema;

    protected RelationalStudyStore(string display, bool create)
    {
        Display = display;
        this.create = create;
    }

    /// <inheritdoc/>
    public string Display { get; }

    /// <summary>The database's clock, in Unix seconds, as an SQL expression.</summary>
    protected abstract string Now { get; }

    /// <summary>What follows the <c>SELECT</c> that picks the trial to claim, so concurrent claims pass each other.</summary>
    protected abstract string SkipLocked { get; }

    /// <summary>The statements that create the tables.</summary>
    protected abstract IReadOnlyList<string> SchemaStatements { get; }

    /// <summary>Whether there is anything to open without creating it.</summary>
    protected virtual bool Exists => true;

    /// <inheritdoc/>
    public StudyRecord Join(string name, StudyPlan plan, int plannedTrials, IReadOnlyList<PlannedTrial> firstTrials, WorkerIdentity worker)
        => Execute(connection =>
        {
            using var transaction = BeginWrite(connection);
            var existing = FindRow(connection, transaction, name);
            if (existing is null)
            {
                var id = Scalar(
                    connection,
                    transaction,
                    $"INSERT INTO digits_studies (name, plan, network, strategy, planned_trials, created_at, created_by) VALUES (@name, @plan, @network, @strategy, @planned, {Now}, @by) ON CONFLICT (name) DO NOTHING RETURNING id",
                    ("@name", name),
                    ("@plan", plan.ToJson()),
                    ("@network", plan.Network),
                    ("@strategy", StudyPlan.StrategyName(plan.Strategy)),
                    ("@planned", plannedTrials),
                    ("@by", worker.Worker));
                if (id is not null)
                {
                    var studyId = Convert.ToInt64(id, CultureInfo.InvariantCulture);
                    foreach (var trial in firstTrials)
                    {
                        NonQuery(
                            connection,
                            transaction,
                            "INSERT INTO digits_trials (study_id, number, configuration, rung, epochs, parameters, state, attempt, expirations) VALUES (@study, @number, @configuration, @rung, @epochs, @parameters, 'pending', 0, 0)",
                            ("@study", studyId),
                            ("@number", trial.Number),
                            ("@configuration", trial.Configuration),
                            ("@rung", trial.Rung),
                            ("@epochs", trial.Epochs),
                            ("@parameters", StudyJson.WriteValues(trial.Values)));
                    }

                    var created = FindRow(connection, transaction, name)!;
                    transaction.Commit();
                    return created with { Created = true };
                }

                // Another worker created it between our look and our insert (PostgreSQL; SQLite's lock excludes it).
                existing = FindRow(connection, transaction, name)!;
            }

            var differences = existing.Plan.Differences(plan);
            if (differences.Count > 0)
            {
                throw new StudyMismatchException(
                    $"Study '{name}' in {Display} exists with another plan: {string.Join("; ", differences)}. Join it with the same settings, or give this search another study name.",
                    name,
                    differences);
            }

            transaction.Commit();
            return existing;
        });

    /// <inheritdoc/>
    public StudyRecord Find(string name)
        => Execute(connection => FindRow(connection, null, name) ?? throw NotFound(connection, name), requireSchema: false, whenEmpty: () => throw NotFound(null, name));

    /// <inheritdoc/>
    public IReadOnlyList<StudySummary> List()
        => Execute(
            connection =>
            {
                var studies = new List<StudySummary>();
                using var command = Command(connection, null, "SELECT s.name, s.network, s.strategy, s.planned_trials, s.created_at, (SELECT COUNT(*) FROM digits_trials t WHERE t.study_id = s.id AND t.state = 'complete') FROM digits_studies s ORDER BY s.name");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    studies.Add(new StudySummary(reader.GetString(0), reader.GetString(1), StudyPlan.ParseStrategy(reader.GetString(2)), Int(reader, 3), Int(reader, 5), Double(reader, 4)));
                }

                return (IReadOnlyList<StudySummary>)studies;
            },
            requireSchema: false,
            whenEmpty: () => []);

    /// <inheritdoc/>
    public TrialLease? Claim(StudyRecord study, WorkerIdentity worker, TimeSpan lease)
        => Execute(connection =>
        {
            using var transaction = BeginWrite(connection);
            Reap(connection, transaction, study.Id);
            TrialLease? claimed = null;
            if (study.Plan.Strategy == SearchStrategy.SuccessiveHalving)
            {
                // Promotions read the whole study and add a trial: one worker at a time decides them.
                LockStudy(connection, transaction, study.Id);
                claimed = Promote(connection, transaction, study, worker, lease);
            }

            claimed ??= ClaimPending(connection, transaction, study.Id, worker, lease);
            transaction.Commit();
            return claimed;
        });

    /// <inheritdoc/>
    public bool Heartbeat(TrialLease lease, string? progress)
        => Execute(connection => NonQuery(
            connection,
            null,
            $"UPDATE digits_trials SET heartbeat_at = {Now}, lease_until = {Now} + @lease, progress = @progress WHERE study_id = @study AND number = @number AND attempt = @attempt AND state = 'running'",
            ("@lease", lease.Duration.TotalSeconds),
            ("@progress", progress),
            ("@study", lease.Study),
            ("@number", lease.Number),
            ("@attempt", lease.Attempt)) == 1);

    /// <inheritdoc/>
    public bool Complete(TrialLease lease, TrialOutcome outcome)
        => Execute(connection =>
        {
            using var transaction = BeginWrite(connection);
            var updated = NonQuery(
                connection,
                transaction,
                $"UPDATE digits_trials SET state = 'complete', finished_at = {Now}, lease_until = NULL, progress = NULL, validation_accuracy = @accuracy, validation_loss = @loss, history = @history, recipe = @recipe, training_seconds = @seconds WHERE study_id = @study AND number = @number AND attempt = @attempt AND state = 'running'",
                ("@accuracy", Finite(outcome.ValidationAccuracy)),
                ("@loss", Finite(outcome.ValidationLoss)),
                ("@history", StudyJson.WriteHistory(outcome.History)),
                ("@recipe", StudyJson.WriteRecipe(outcome.Recipe)),
                ("@seconds", outcome.TrainingTime.TotalSeconds),
                ("@study", lease.Study),
                ("@number", lease.Number),
                ("@attempt", lease.Attempt));
            if (updated != 1)
            {
                return false;
            }

            NonQuery(connection, transaction, "INSERT INTO digits_checkpoints (study_id, trial, bytes) VALUES (@study, @number, @bytes)", ("@study", lease.Study), ("@number", lease.Number), ("@bytes", outcome.Checkpoint));
            EndAttempt(connection, transaction, lease, StudyAttemptOutcome.Complete, null);
            transaction.Commit();
            return true;
        });

    /// <inheritdoc/>
    public bool Fail(TrialLease lease, string error)
        => Execute(connection =>
        {
            using var transaction = BeginWrite(connection);
            var updated = NonQuery(
                connection,
                transaction,
                $"UPDATE digits_trials SET state = 'failed', finished_at = {Now}, lease_until = NULL, progress = NULL, error = @error WHERE study_id = @study AND number = @number AND attempt = @attempt AND state = 'running'",
                ("@error", error),
                ("@study", lease.Study),
                ("@number", lease.Number),
                ("@attempt", lease.Attempt));
            if (updated != 1)
            {
                return false;
            }

            EndAttempt(connection, transaction, lease, StudyAttemptOutcome.Failed, error);
            transaction.Commit();
            return true;
        });

    /// <inheritdoc/>
    public void Release(TrialLease lease)
        => Execute(connection =>
        {
            using var transaction = BeginWrite(connection);
            var updated = NonQuery(
                connection,
                transaction,
                "UPDATE digits_trials SET state = 'pending', lease_until = NULL, progress = NULL WHERE study_id = @study AND number = @number AND attempt = @attempt AND state = 'running'",
                ("@study", lease.Study),
                ("@number", lease.Number),
                ("@attempt", lease.Attempt));
            if (updated == 1)
            {
                EndAttempt(connection, transaction, lease, StudyAttemptOutcome.Released, null);
            }

            transaction.Commit();
            return updated;
        });

    /// <inheritdoc/>
    public StudyCounts Count(StudyRecord study)
        => Execute(connection =>
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            using var command = Command(connection, null, "SELECT state, COUNT(*) FROM digits_trials WHERE study_id = @study GROUP BY state", ("@study", study.Id));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = Int(reader, 1);
            }

            return new StudyCounts(counts.GetValueOrDefault("pending"), counts.GetValueOrDefault("running"), counts.GetValueOrDefault("complete"), counts.GetValueOrDefault("failed"));
        });

    /// <inheritdoc/>
    public StudySnapshot Read(StudyRecord study)
        => Execute(connection =>
        {
            // One transaction, so the trials, their attempts and the clock agree with each other.
            using var transaction = BeginRead(connection);
            var now = Convert.ToDouble(Scalar(connection, transaction, "SELECT " + Now), CultureInfo.InvariantCulture);
            var trials = new List<StudyTrial>();
            using (var command = Command(
                connection,
                transaction,
                "SELECT number, rung, epochs, parameters, state, validation_accuracy, validation_loss, history, recipe, training_seconds, worker, machine, attempt, started_at, finished_at, progress, lease_until, error FROM digits_trials WHERE study_id = @study ORDER BY number",
                ("@study", study.Id)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    trials.Add(ReadTrial(study, reader, now));
                }
            }

            var attempts = new List<StudyAttempt>();
            using (var command = Command(connection, transaction, "SELECT trial, attempt, worker, machine, started_at, ended_at, outcome, error FROM digits_attempts WHERE study_id = @study ORDER BY trial, attempt", ("@study", study.Id)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    attempts.Add(new StudyAttempt(Int(reader, 0), Int(reader, 1), reader.GetString(2), reader.GetString(3), Time(Double(reader, 4)), Nullable(reader, 5) is { } ended ? Time(ended) : null, ParseOutcome(reader.GetString(6)), Text(reader, 7)));
                }
            }

            transaction.Commit();
            return new StudySnapshot(study, trials, attempts, now);
        });

    /// <inheritdoc/>
    public byte[]? ReadCheckpoint(StudyRecord study, int trial)
        => Execute(connection => Scalar(connection, null, "SELECT bytes FROM digits_checkpoints WHERE study_id = @study AND trial = @trial", ("@study", study.Id), ("@trial", trial)) as byte[]);

    /// <inheritdoc/>
    public bool Delete(string name)
        => Execute(
            connection =>
            {
                using var transaction = BeginWrite(connection);
                if (Scalar(connection, transaction, "SELECT id FROM digits_studies WHERE name = @name", ("@name", name)) is not { } found)
                {
                    return false;
                }

                var id = Convert.ToInt64(found, CultureInfo.InvariantCulture);
                foreach (var table in new[] { "digits_checkpoints", "digits_attempts", "digits_trials" })
                {
                    NonQuery(connection, transaction, $"DELETE FROM {table} WHERE study_id = @study", ("@study", id));
                }

                NonQuery(connection, transaction, "DELETE FROM digits_studies WHERE id = @study", ("@study", id));
                transaction.Commit();
                return true;
            },
            requireSchema: false,
            whenEmpty: () => false);

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <summary>Opens a connection, configured for this store.</summary>
    protected abstract DbConnection Open();

    /// <summary>Starts a transaction that may write (SQLite takes its write lock at once, so claims cannot interleave).</summary>
    protected virtual DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

    /// <summary>Starts a transaction that only reads, so what it reads is consistent.</summary>
    protected virtual DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction();

    /// <summary>Whether a table exists.</summary>
    protected abstract bool TableExists(DbConnection connection, DbTransaction? transaction, string table);

    /// <summary>Keeps two workers from creating the tables at the same time.</summary>
    protected virtual void LockSchema(DbConnection connection, DbTransaction transaction)
    {
    }

    /// <summary>Keeps two workers from deciding a study's promotions at the same time.</summary>
    protected virtual void LockStudy(DbConnection connection, DbTransaction transaction, long study)
    {
    }

    /// <summary>Settings for a database this store is about to write, applied once the schema is known to be ours.</summary>
    protected virtual void PrepareForWriting(DbConnection connection)
    {
    }

    /// <summary>The provider's error, said in the user's terms.</summary>
    protected abstract StudyStorageException Translate(DbException error);

    /// <summary>Whether an error is worth trying again at once (a deadlock between two claims).</summary>
    protected virtual bool IsTransient(DbException error) => false;

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    protected static int NonQuery(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar() is var value && value is DBNull ? null : value;
    }

    private T Execute<T>(Func<DbConnection, T> work, bool requireSchema = true, Func<T>? whenEmpty = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!EnsureSchema())
                {
                    return requireSchema || whenEmpty is null ? throw new StudyStorageException($"{Display} holds no studies.") : whenEmpty();
                }

                using var connection = Open();
                return work(connection);
            }
            catch (DbException error) when (IsTransient(error) && attempt < 5)
            {
                // Two claims that re-queued the same expired trials in another order: one was chosen to give way.
                Thread.Sleep(Random.Shared.Next(10, 50 * attempt));
            }
            catch (DbException error)
            {
                throw Translate(error);
            }
        }
    }

    /// <summary>
    /// Checks the schema once per store: refuses tables of a newer version before writing anything, and creates them
    /// when this store may create. False when there are none and it may not.
    /// </summary>
    private bool EnsureSchema()
    {
        lock (schemaLock)
        {
            if (hasSchema is { } known)
            {
                return known;
            }

            if (!create && !Exists)
            {
                hasSchema = false;
                return false;
            }

            using var connection = Open();
            var version = ReadVersion(connection, null);
            if (version is null)
            {
                if (!create)
                {
                    hasSchema = false;
                    return false;
                }

                using var transaction = BeginWrite(connection);
                LockSchema(connection, transaction);
                version = ReadVersion(connection, transaction);
                if (version is null)
                {
                    foreach (var statement in SchemaStatements)
                    {
                        NonQuery(connection, transaction, statement);
                    }

                    NonQuery(connection, transaction, "INSERT INTO digits_schema (version, written_by) VALUES (@version, @by)", ("@version", SchemaVersion), ("@by", SdkName));
                    version = (SchemaVersion, SdkName);
                }

                transaction.Commit();
            }

            if (version.Value.Version > SchemaVersion)
            {
                throw new StudyStorageException(string.Create(CultureInfo.InvariantCulture, $"{Display} holds studies in schema version {version.Value.Version}, written by {version.Value.WrittenBy}; this Digits.Sdk ({SdkName}) knows version {SchemaVersion} and changes nothing there. Use a Digits.Sdk at least as new on every worker, or another storage."));
            }

            if (create)
            {
                PrepareForWriting(connection);
            }

            hasSchema = true;
            return true;
        }
    }

    private (int Version, string WrittenBy)? ReadVersion(DbConnection connection, DbTransaction? transaction)
    {
        if (!TableExists(connection, transaction, "digits_schema"))
        {
            return null;
        }

        using var command = Command(connection, transaction, "SELECT version, written_by FROM digits_schema ORDER BY version DESC");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (Int(reader, 0), Text(reader, 1) ?? "an unknown version")
            : throw new StudyStorageException($"{Display} has a digits_schema table with no version in it: it was not written by Digits.Sdk, or was damaged.");
    }

    private static string SdkName
        => "Digits.Sdk " + (typeof(RelationalStudyStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private StudyRecord? FindRow(DbConnection connection, DbTransaction? transaction, string name)
    {
        using var command = Command(connection, transaction, "SELECT id, plan, planned_trials, created_at, created_by FROM digits_studies WHERE name = @name", ("@name", name));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        StudyPlan plan;
        try
        {
            plan = StudyPlan.FromJson(reader.GetString(1));
        }
        catch (InvalidDataException error)
        {
            throw new StudyStorageException($"Study '{name}' in {Display} is damaged: {error.Message}", error);
        }

        return new StudyRecord(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), name, plan, Int(reader, 2), Double(reader, 3), reader.GetString(4), Created: false);
    }

    private StudyNotFoundException NotFound(DbConnection? connection, string name)
    {
        var names = new List<string>();
        if (connection is not null)
        {
            using var command = Command(connection, null, "SELECT name FROM digits_studies ORDER BY name");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        return new StudyNotFoundException(
            names.Count == 0
                ? $"{Display} holds no study named '{name}': no worker has started a study there yet."
                : $"{Display} holds no study named '{name}'; it holds {string.Join(", ", names.Select(n => $"'{n}'"))}.",
            name);
    }

    /// <summary>Re-queues the trials whose worker stopped sending heartbeats; fails those that ran out too often.</summary>
    private void Reap(DbConnection connection, DbTransaction transaction, long study)
    {
        var expired = new List<(int Number, int Attempt)>();
        using (var command = Command(
            connection,
            transaction,
            $"""
            UPDATE digits_trials SET
                state = CASE WHEN expirations + 1 >= @max THEN 'failed' ELSE 'pending' END,
                error = CASE WHEN expirations + 1 >= @max THEN 'its workers stopped sending heartbeats ' || (expirations + 1) || ' times (the last was ' || worker || '); it is not tried again' ELSE error END,
                finished_at = CASE WHEN expirations + 1 >= @max THEN {Now} ELSE NULL END,
                expirations = expirations + 1,
                lease_until = NULL,
                progress = NULL
            WHERE study_id = @study AND state = 'running' AND lease_until < {Now}
            RETURNING number, attempt
            """,
            ("@max", MaxExpirations),
            ("@study", study)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((Int(reader, 0), Int(reader, 1)));
            }
        }

        foreach (var (number, attempt) in expired)
        {
            NonQuery(
                connection,
                transaction,
                $"UPDATE digits_attempts SET outcome = 'expired', ended_at = {Now}, error = 'no heartbeat before the lease ran out' WHERE study_id = @study AND trial = @number AND attempt = @attempt",
                ("@study", study),
                ("@number", number),
                ("@attempt", attempt));
        }
    }

    private TrialLease? ClaimPending(DbConnection connection, DbTransaction transaction, long study, WorkerIdentity worker, TimeSpan lease)
    {
        TrialLease? claimed = null;
        using (var command = Command(
            connection,
            transaction,
            $"""
            UPDATE digits_trials SET
                state = 'running', attempt = attempt + 1, worker = @worker, machine = @machine,
                started_at = {Now}, heartbeat_at = {Now}, lease_until = {Now} + @lease, progress = NULL
            WHERE study_id = @study AND number = (
                SELECT number FROM digits_trials WHERE study_id = @study AND state = 'pending' ORDER BY rung DESC, number LIMIT 1{SkipLocked})
            RETURNING number, rung, epochs, parameters, attempt
            """,
            ("@worker", worker.Worker),
            ("@machine", worker.Machine),
            ("@lease", lease.TotalSeconds),
            ("@study", study)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                claimed = new TrialLease(study, Int(reader, 0), Int(reader, 1), Int(reader, 2), Values(reader, 3), Int(reader, 4), worker, lease);
            }
        }

        if (claimed is not null)
        {
            StartAttempt(connection, transaction, claimed);
        }

        return claimed;
    }

    private TrialLease? Promote(DbConnection connection, DbTransaction transaction, StudyRecord study, WorkerIdentity worker, TimeSpan lease)
    {
        var trials = new List<RungTrial>();
        using (var command = Command(connection, transaction, "SELECT number, configuration, rung, state, validation_accuracy, validation_loss FROM digits_trials WHERE study_id = @study", ("@study", study.Id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                trials.Add(new RungTrial(Int(reader, 0), Int(reader, 1), Int(reader, 2), ParseState(reader.GetString(3)), Double(reader, 4), Double(reader, 5)));
            }
        }

        if (AshaRule.Next(study.Plan.Rungs(study.Plan.Trials), trials) is not { } promotion)
        {
            return null;
        }

        var parameters = (string)Scalar(connection, transaction, "SELECT parameters FROM digits_trials WHERE study_id = @study AND number = @number", ("@study", study.Id), ("@number", promotion.From))!;
        var number = trials.Max(t => t.Number) + 1;
        NonQuery(
            connection,
            transaction,
            $"""
            INSERT INTO digits_trials (study_id, number, configuration, rung, epochs, parameters, state, attempt, expirations, worker, machine, started_at, heartbeat_at, lease_until)
            VALUES (@study, @number, @configuration, @rung, @epochs, @parameters, 'running', 1, 0, @worker, @machine, {Now}, {Now}, {Now} + @lease)
            """,
            ("@study", study.Id),
            ("@number", number),
            ("@configuration", promotion.Configuration),
            ("@rung", promotion.Rung),
            ("@epochs", promotion.Epochs),
            ("@parameters", parameters),
            ("@worker", worker.Worker),
            ("@machine", worker.Machine),
            ("@lease", lease.TotalSeconds));
        var claimed = new TrialLease(study.Id, number, promotion.Rung, promotion.Epochs, StudyJson.ReadValues(parameters), 1, worker, lease);
        StartAttempt(connection, transaction, claimed);
        return claimed;
    }

    private void StartAttempt(DbConnection connection, DbTransaction transaction, TrialLease lease)
        => NonQuery(
            connection,
            transaction,
            $"INSERT INTO digits_attempts (study_id, trial, attempt, worker, machine, started_at, outcome) VALUES (@study, @number, @attempt, @worker, @machine, {Now}, 'running')",
            ("@study", lease.Study),
            ("@number", lease.Number),
            ("@attempt", lease.Attempt),
            ("@worker", lease.Worker.Worker),
            ("@machine", lease.Worker.Machine));

    private void EndAttempt(DbConnection connection, DbTransaction transaction, TrialLease lease, StudyAttemptOutcome outcome, string? error)
        => NonQuery(
            connection,
            transaction,
            $"UPDATE digits_attempts SET outcome = @outcome, ended_at = {Now}, error = @error WHERE study_id = @study AND trial = @number AND attempt = @attempt",
            ("@outcome", OutcomeName(outcome)),
            ("@error", error),
            ("@study", lease.Study),
            ("@number", lease.Number),
            ("@attempt", lease.Attempt));

    private StudyTrial ReadTrial(StudyRecord study, DbDataReader reader, double now)
    {
        var number = Int(reader, 0);
        try
        {
            var rung = Int(reader, 1);
            var epochs = Int(reader, 2);
            var values = Values(reader, 3);
            var state = ParseState(reader.GetString(4));
            return new StudyTrial
            {
                Number = number,
                Round = rung + 1,
                Epochs = epochs,
                Values = values,
                Recipe = Text(reader, 8) is { } recipe ? StudyJson.ReadRecipe(recipe) : study.Plan.RecipeFor(epochs, values),
                State = state,
                ValidationAccuracy = state == StudyTrialState.Complete ? Double(reader, 5) : double.NaN,
                ValidationLoss = state == StudyTrialState.Complete ? Double(reader, 6) : double.NaN,
                History = Text(reader, 7) is { } history ? StudyJson.ReadHistory(history) : [],
                TrainingTime = Nullable(reader, 9) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Worker = Text(reader, 10),
                Machine = Text(reader, 11),
                Attempts = Int(reader, 12),
                StartedAt = Nullable(reader, 13) is { } started ? Time(started) : null,
                FinishedAt = Nullable(reader, 14) is { } finished ? Time(finished) : null,
                Progress = Text(reader, 15),
                LeaseExpired = state == StudyTrialState.Running && Nullable(reader, 16) is { } until && until < now,
                Error = Text(reader, 17),
            };
        }
        catch (Exception error) when (error is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new StudyStorageException(string.Create(CultureInfo.InvariantCulture, $"Trial {number} of study '{study.Name}' in {Display} is damaged: {error.Message}"), error);
        }
    }

    private static Dictionary<string, string> Values(DbDataReader reader, int column) => StudyJson.ReadValues(reader.GetString(column));

    private static int Int(DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static double Double(DbDataReader reader, int column) => Nullable(reader, column) ?? double.NaN;

    private static double? Nullable(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset Time(double unixSeconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000));

    /// <summary>SQLite keeps NaN as NULL; both databases then read it back as NaN.</summary>
    private static object? Finite(double value) => double.IsFinite(value) ? value : null;

    private static StudyTrialState ParseState(string text) => Enum.Parse<StudyTrialState>(text, ignoreCase: true);

    private static StudyAttemptOutcome ParseOutcome(string text) => Enum.Parse<StudyAttemptOutcome>(text, ignoreCase: true);

    private static string OutcomeName(StudyAttemptOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
