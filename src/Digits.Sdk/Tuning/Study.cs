using System.Globalization;
using System.Text;
using System.Text.Json;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning.Storage;
using static TorchSharp.torch;

namespace Digits.Sdk.Tuning;

/// <summary>
/// A search kept in a database (<see cref="Tuner.Storage"/>), as read at one moment from anywhere: its plan, every
/// trial with its state, scores, worker and timings, every worker's attempts, and the trained weights of complete
/// trials. The best trial is chosen by validation accuracy; the test set plays no part. Open it again to see newer
/// progress.
/// </summary>
/// <example>
/// <code>
/// var study = Study.Open(StudyStorage.Parse("postgresql://digits@db.example/studies"), "fastcnn-lr");
/// Console.WriteLine(study.ToText());
/// using var best = study.LoadNetwork(study.Best!.Number);
/// best.ExportOnnx("fastcnn.onnx");
/// </code>
/// </example>
public sealed class Study
{
    /// <summary>The longest study name.</summary>
    public const int MaximumNameLength = 200;

    private readonly StudyRecord record;

    private Study(StudyStorage storage, StudySnapshot snapshot)
    {
        Storage = storage;
        record = snapshot.Study;
        Trials = snapshot.Trials;
        Attempts = snapshot.Attempts;
        Leaderboard =
        [
            .. Trials.Where(t => t.State == StudyTrialState.Complete)
                .OrderByDescending(t => double.IsNaN(t.ValidationAccuracy) ? double.NegativeInfinity : t.ValidationAccuracy)
                .ThenBy(t => double.IsNaN(t.ValidationLoss) ? double.PositiveInfinity : t.ValidationLoss)
                .ThenByDescending(t => t.Round)
                .ThenBy(t => t.Number),
        ];
        Workers =
        [
            .. Attempts.GroupBy(a => (a.Worker, a.Machine)).OrderBy(g => g.Key.Worker, StringComparer.Ordinal).Select(g => new StudyWorker(
                g.Key.Worker,
                g.Key.Machine,
                g.Count(a => a.Outcome == StudyAttemptOutcome.Complete),
                g.Count(a => a.Outcome == StudyAttemptOutcome.Failed),
                g.Count(a => a.Outcome == StudyAttemptOutcome.Expired),
                g.Count(a => a.Outcome == StudyAttemptOutcome.Released),
                g.Count(a => a.Outcome == StudyAttemptOutcome.Running),
                TimeSpan.FromSeconds(Trials.Where(t => t.State == StudyTrialState.Complete && t.Worker == g.Key.Worker).Sum(t => t.TrainingTime?.TotalSeconds ?? 0)))),
        ];
    }

    /// <summary>Where the study is kept.</summary>
    public StudyStorage Storage { get; }

    /// <summary>The study's name.</summary>
    public string Name => record.Name;

    /// <summary>The tuned network's name.</summary>
    public string Network => record.Plan.Network;

    /// <summary>How its configurations are chosen.</summary>
    public SearchStrategy Strategy => record.Plan.Strategy;

    /// <summary>The seed of the search and of every trial.</summary>
    public int Seed => record.Plan.Seed;

    /// <summary>The hyperparameters searched.</summary>
    public IReadOnlyList<Hyperparameter> Space => record.Plan.Space;

    /// <summary>The recipe the trials change.</summary>
    public TrainingRecipe Recipe => record.Plan.Recipe;

    /// <summary>How many trials the study plans (for successive halving, when every rung fills).</summary>
    public int PlannedTrials => record.PlannedTrials;

    /// <summary>When the first worker created the study (the database's clock).</summary>
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(record.CreatedAt * 1000));

    /// <summary>The worker that created it.</summary>
    public string CreatedBy => record.CreatedBy;

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<StudyTrial> Trials { get; }

    /// <summary>Every claim of every trial, by trial and attempt: who trained what, and how each attempt ended.</summary>
    public IReadOnlyList<StudyAttempt> Attempts { get; }

    /// <summary>Every worker that claimed a trial, with its counts.</summary>
    public IReadOnlyList<StudyWorker> Workers { get; }

    /// <summary>The complete trials, best first: validation accuracy, then validation loss, then the later round, then the earlier trial.</summary>
    public IReadOnlyList<StudyTrial> Leaderboard { get; }

    /// <summary>The best complete trial by validation accuracy (the final pick; the test set plays no part), or null.</summary>
    public StudyTrial? Best => Leaderboard.Count == 0 ? null : Leaderboard[0];

    /// <summary>Trials waiting for a worker.</summary>
    public int Pending => Count(StudyTrialState.Pending);

    /// <summary>Trials a worker holds.</summary>
    public int Running => Count(StudyTrialState.Running);

    /// <summary>Trials trained and recorded.</summary>
    public int Complete => Count(StudyTrialState.Complete);

    /// <summary>Trials given up.</summary>
    public int Failed => Count(StudyTrialState.Failed);

    /// <summary>Whether no trial is pending or running: the study is done (successive halving adds no more).</summary>
    public bool IsFinished => Pending == 0 && Running == 0;

    /// <summary>Reads a study.</summary>
    /// <param name="storage">Where it is kept.</param>
    /// <param name="name">Its name.</param>
    /// <returns>The study as it is now.</returns>
    /// <exception cref="StudyNotFoundException">The storage holds no study of that name.</exception>
    /// <exception cref="StudyStorageException">The storage cannot be reached or read.</exception>
    public static Study Open(StudyStorage storage, string name)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CheckName(name);
        using var store = storage.OpenForReading();
        return new Study(storage, store.Read(store.Find(name)));
    }

    /// <summary>The names of the studies a storage holds.</summary>
    /// <param name="storage">The storage.</param>
    /// <returns>The names, sorted; empty when it holds none.</returns>
    /// <exception cref="StudyStorageException">The storage cannot be reached or read.</exception>
    public static IReadOnlyList<string> List(StudyStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        using var store = storage.OpenForReading();
        return [.. store.List().Select(s => s.Name)];
    }

    /// <summary>
    /// Deletes a study: its plan, trials, attempts and stored weights. Workers still running it fail at their next
    /// write; stop them first.
    /// </summary>
    /// <param name="storage">The storage.</param>
    /// <param name="name">The study's name.</param>
    /// <returns>Whether there was such a study.</returns>
    /// <exception cref="StudyStorageException">The storage cannot be reached or written.</exception>
    public static bool Delete(StudyStorage storage, string name)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CheckName(name);
        using var store = storage.Open(create: false);
        return store.Delete(name);
    }

    /// <summary>Writes the trained weights of a complete trial as a checkpoint file, atomically.</summary>
    /// <param name="trial">The trial's number.</param>
    /// <param name="path">The checkpoint file to write; its folder is created if missing.</param>
    /// <exception cref="ArgumentException">The study has no such trial, or it is not complete.</exception>
    public void SaveCheckpoint(int trial, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = CheckpointBytes(trial);
        CheckpointStorage.Default.WriteAtomically(path, stream => stream.Write(bytes));
    }

    /// <summary>A network of the model zoo with the trained weights of a complete trial, in evaluation mode.</summary>
    /// <param name="trial">The trial's number, such as <c>study.Best!.Number</c>.</param>
    /// <returns>The network, which the caller owns.</returns>
    /// <exception cref="ArgumentException">The study has no such trial, or it is not complete.</exception>
    /// <exception cref="InvalidOperationException">The study's network is not one of the zoo's: use the overload that creates it.</exception>
    public nn.Module<Tensor, Tensor> LoadNetwork(int trial)
    {
        var model = ModelZoo.Find(Network)
            ?? throw new InvalidOperationException($"Study '{Name}' tuned {Network}, which is not a network of the model zoo; load it with LoadNetwork(trial, create), giving the function that creates it.");
        return LoadNetwork(trial, model.Create);
    }

    /// <summary>A network made by <paramref name="create"/> with the trained weights of a complete trial, in evaluation mode.</summary>
    /// <param name="trial">The trial's number.</param>
    /// <param name="create">Creates the network the study tuned.</param>
    /// <returns>The network, which the caller owns.</returns>
    /// <exception cref="ArgumentException">The study has no such trial, or it is not complete.</exception>
    /// <exception cref="CheckpointMismatchException"><paramref name="create"/> makes another architecture.</exception>
    public nn.Module<Tensor, Tensor> LoadNetwork(int trial, Func<nn.Module<Tensor, Tensor>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var bytes = CheckpointBytes(trial);

        // Checkpoints are read through their own API, from a file, so the store never depends on their format.
        var folder = Directory.CreateTempSubdirectory("digits-study-");
        try
        {
            var path = Path.Combine(folder.FullName, string.Create(CultureInfo.InvariantCulture, $"{FileNameOf(Name)}-trial-{trial}{Checkpoint.Extension}"));
            File.WriteAllBytes(path, bytes);
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Read(path);
            }
            catch (InvalidDataException error)
            {
                throw new StudyStorageException(string.Create(CultureInfo.InvariantCulture, $"The weights of trial {trial} of study '{Name}' in {Storage} are damaged: {error.Message}"), error);
            }

            return checkpoint.LoadIntoNew(create);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The complete trials as the in-memory search reports them (<see cref="TuningResult.Trials"/>, by number).</summary>
    /// <returns>The result; <see cref="TuningResult.Canceled"/> is set while the study is not finished.</returns>
    public TuningResult ToResult()
        => new(Network, Strategy, Seed, Space, [.. Trials.Where(t => t.State == StudyTrialState.Complete).Select(t => t.ToTrialResult())], canceled: !IsFinished);

    /// <summary>
    /// The study as text: plan, progress, the best trial, the leaderboard, the trials that run or failed, and the
    /// workers.
    /// </summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        var space = Space.Count == 0 ? "the recipe alone" : string.Join(", ", Space.Select(h => h.ToString()));
        text.AppendLine(CultureInfo.InvariantCulture, $"Study '{Name}' in {Storage}: {Network}, {Strategy} search over {space}, seed {Seed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Created {CreatedAt:yyyy-MM-dd HH:mm:ss}Z by {CreatedBy}. {ProgressLine()}");
        if (Best is { } best)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Best by validation accuracy: trial {best.Number} ({Describe(best.Values)}): {best.ValidationAccuracy * 100:F2}%, loss {best.ValidationLoss:F4}, {best.Epochs} epoch(s) in {best.TrainingTime?.TotalSeconds:F1} s on {best.Worker}");
        }

        text.AppendLine();
        var columns = new List<string> { "rank", "trial" };
        columns.AddRange(Space.Select(h => h.Name));
        if (Strategy == SearchStrategy.SuccessiveHalving)
        {
            columns.Add("round");
        }

        columns.AddRange(["epochs", "val accuracy %", "val loss", "seconds", "worker"]);
        var rows = Leaderboard.Select((t, i) =>
        {
            var row = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(Space.Select(h => t.Values.TryGetValue(h.Name, out var v) ? v : t.Recipe.Get(h.Name)));
            if (Strategy == SearchStrategy.SuccessiveHalving)
            {
                row.Add(t.Round.ToString(CultureInfo.InvariantCulture));
            }

            row.AddRange(
            [
                t.Epochs.ToString(CultureInfo.InvariantCulture),
                (t.ValidationAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture),
                t.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture),
                (t.TrainingTime?.TotalSeconds ?? 0).ToString("F1", CultureInfo.InvariantCulture),
                t.Worker ?? string.Empty,
            ]);
            return (IReadOnlyList<string>)row;
        }).ToList();
        AppendTable(text, columns, rows);

        foreach (var trial in Trials.Where(t => t.State == StudyTrialState.Running))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Running: trial {trial.Number} ({Describe(trial.Values)}) on {trial.Worker}{(trial.Progress is { } p ? ", " + p : string.Empty)}{(trial.LeaseExpired ? "; its lease has run out, so the next worker to look re-queues it" : string.Empty)}");
        }

        foreach (var trial in Trials.Where(t => t.State == StudyTrialState.Failed))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Failed: trial {trial.Number} ({Describe(trial.Values)}): {trial.Error}");
        }

        text.AppendLine();
        AppendTable(
            text,
            ["worker", "machine", "complete", "failed", "expired", "released", "running", "training s"],
            [.. Workers.Select(w => (IReadOnlyList<string>)
            [
                w.Worker, w.Machine, Invariant(w.Complete), Invariant(w.Failed), Invariant(w.Expired), Invariant(w.Released), Invariant(w.Running),
                w.TrainingTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            ])]);
        return text.ToString();
    }

    /// <summary>
    /// The study as JSON: <c>study</c>, <c>storage</c>, the plan, <c>progress</c>, <c>best</c>, <c>leaderboard</c>
    /// (complete trials, best first), <c>trials</c> (all, by number, with per-epoch history), <c>attempts</c> and
    /// <c>workers</c>.
    /// </summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("study", Name);
            json.WriteString("storage", Storage.ToString());
            json.WriteString("network", Network);
            json.WriteString("strategy", StudyPlan.StrategyName(Strategy));
            json.WriteNumber("seed", Seed);
            json.WriteStartArray("space");
            foreach (var dimension in Space)
            {
                json.WriteStringValue(dimension.ToString());
            }

            json.WriteEndArray();
            json.WriteString("recipe", Recipe.ToString());
            json.WriteString("createdAt", CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("createdBy", CreatedBy);
            json.WriteStartObject("progress");
            json.WriteNumber("planned", PlannedTrials);
            json.WriteNumber("complete", Complete);
            json.WriteNumber("failed", Failed);
            json.WriteNumber("running", Running);
            json.WriteNumber("pending", Pending);
            json.WriteBoolean("finished", IsFinished);
            json.WriteEndObject();
            if (Best is { } best)
            {
                json.WritePropertyName("best");
                WriteTrial(json, best, history: false);
            }
            else
            {
                json.WriteNull("best");
            }

            json.WriteStartArray("leaderboard");
            foreach (var trial in Leaderboard)
            {
                WriteTrial(json, trial, history: false);
            }

            json.WriteEndArray();
            json.WriteStartArray("trials");
            foreach (var trial in Trials)
            {
                WriteTrial(json, trial, history: true);
            }

            json.WriteEndArray();
            json.WriteStartArray("attempts");
            foreach (var attempt in Attempts)
            {
                json.WriteStartObject();
                json.WriteNumber("trial", attempt.Trial);
                json.WriteNumber("attempt", attempt.Attempt);
                json.WriteString("worker", attempt.Worker);
                json.WriteString("machine", attempt.Machine);
                json.WriteString("outcome", attempt.Outcome.ToString().ToLowerInvariant());
                json.WriteString("startedAt", attempt.StartedAt.ToString("O", CultureInfo.InvariantCulture));
                WriteString(json, "endedAt", attempt.EndedAt?.ToString("O", CultureInfo.InvariantCulture));
                WriteString(json, "error", attempt.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("workers");
            foreach (var worker in Workers)
            {
                json.WriteStartObject();
                json.WriteString("worker", worker.Worker);
                json.WriteString("machine", worker.Machine);
                json.WriteNumber("complete", worker.Complete);
                json.WriteNumber("failed", worker.Failed);
                json.WriteNumber("expired", worker.Expired);
                json.WriteNumber("released", worker.Released);
                json.WriteNumber("running", worker.Running);
                json.WriteNumber("trainingSeconds", Math.Round(worker.TrainingTime.TotalSeconds, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    /// <summary>Refuses a study name that is empty, too long or holds control characters, in the caller's terms.</summary>
    internal static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaximumNameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A study name has at most {MaximumNameLength} characters and no control characters."), nameof(name));
        }
    }

    private byte[] CheckpointBytes(int trial)
    {
        var found = Trials.FirstOrDefault(t => t.Number == trial)
            ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Study '{Name}' has no trial {trial}; its trials are 1 to {Trials.Count}."), nameof(trial));
        if (found.State != StudyTrialState.Complete)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Trial {trial} of study '{Name}' is {found.State.ToString().ToLowerInvariant()}; only complete trials have trained weights."), nameof(trial));
        }

        using var store = Storage.OpenForReading();
        return store.ReadCheckpoint(record, trial)
            ?? throw new StudyStorageException(string.Create(CultureInfo.InvariantCulture, $"Trial {trial} of study '{Name}' in {Storage} is complete but its weights are missing from digits_checkpoints."));
    }

    private int Count(StudyTrialState state) => Trials.Count(t => t.State == state);

    private string ProgressLine()
        => string.Create(CultureInfo.InvariantCulture, $"{Complete} of {PlannedTrials} planned trials complete, {Failed} failed, {Running} running, {Pending} pending{(IsFinished ? "; finished" : string.Empty)}.");

    private static string Describe(IReadOnlyDictionary<string, string> values)
        => values.Count == 0 ? "the recipe" : string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FileNameOf(string name)
        => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static void AppendTable(StringBuilder text, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static void WriteTrial(Utf8JsonWriter json, StudyTrial trial, bool history)
    {
        json.WriteStartObject();
        json.WriteNumber("trial", trial.Number);
        json.WriteNumber("round", trial.Round);
        json.WriteString("state", trial.State.ToString().ToLowerInvariant());
        json.WriteStartObject("values");
        foreach (var (name, value) in trial.Values)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteNumber("epochs", trial.Epochs);
        WriteNumber(json, "validationAccuracy", trial.ValidationAccuracy);
        WriteNumber(json, "validationLoss", trial.ValidationLoss);
        WriteNumber(json, "seconds", trial.TrainingTime is { } time ? Math.Round(time.TotalSeconds, 3) : double.NaN);
        WriteString(json, "worker", trial.Worker);
        WriteString(json, "machine", trial.Machine);
        json.WriteNumber("attempts", trial.Attempts);
        WriteString(json, "startedAt", trial.StartedAt?.ToString("O", CultureInfo.InvariantCulture));
        WriteString(json, "finishedAt", trial.FinishedAt?.ToString("O", CultureInfo.InvariantCulture));
        WriteString(json, "progress", trial.Progress);
        json.WriteBoolean("leaseExpired", trial.LeaseExpired);
        WriteString(json, "error", trial.Error);
        json.WriteString("recipe", trial.Recipe.ToString());
        if (history)
        {
            json.WriteStartArray("history");
            foreach (var epoch in trial.History)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", epoch.Epoch);
                WriteNumber(json, "trainLoss", epoch.TrainLoss);
                WriteNumber(json, "trainAccuracy", epoch.TrainAccuracy);
                WriteNumber(json, "validationLoss", epoch.ValidationLoss ?? double.NaN);
                WriteNumber(json, "validationAccuracy", epoch.ValidationAccuracy ?? double.NaN);
                WriteNumber(json, "seconds", Math.Round(epoch.Duration.TotalSeconds, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
