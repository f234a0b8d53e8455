using System.Diagnostics;
using Digits.Sdk.Data;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning.Storage;
using static TorchSharp.torch;

namespace Digits.Sdk.Tuning;

/// <summary>
/// Searches a model's training hyperparameters: every trial trains on the training split and is scored on the
/// validation split (the test set is never an argument, so it cannot leak into the choice). Immutable and fluent;
/// <c>Fit</c> ends it.
/// </summary>
/// <example>
/// <code>
/// using var data = mnist.Train.Split(validation: 5_000, seed: 42);
/// var result = Tuner.For(ModelZoo.Get("FastCnn"))
///     .Over(Hyperparameter.Choice("learningRate", 3e-3, 1e-2), Hyperparameter.Choice("batchSize", 64, 128))
///     .Grid()
///     .Fit(data);
/// Console.WriteLine(result.ToMarkdown());
/// var best = result.Best.Recipe;
///
/// // The same search kept in a database that workers on several machines share; run this on each of them.
/// var study = Tuner.For(ModelZoo.Get("FastCnn"))
///     .Over(Hyperparameter.Choice("learningRate", 3e-3, 1e-2), Hyperparameter.Choice("batchSize", 64, 128))
///     .Storage(StudyStorage.Parse("postgresql://digits@db.example/studies"), "fastcnn-lr")
///     .Fit(data);
/// </code>
/// </example>
public sealed class Tuner
{
    private readonly string name;
    private readonly Func<nn.Module<Tensor, Tensor>> create;
    private readonly TrainingRecipe recipe;
    private readonly IReadOnlyList<Hyperparameter> space;
    private readonly SearchStrategy strategy;
    private readonly int trials;
    private readonly int seed;
    private readonly int? threads;
    private readonly int minimumEpochs;
    private readonly (StudyStorage Storage, string Study, TimeSpan Lease)? study;

    private Tuner(string name, Func<nn.Module<Tensor, Tensor>> create, TrainingRecipe recipe, IReadOnlyList<Hyperparameter> space, SearchStrategy strategy, int trials, int seed, int? threads, int minimumEpochs, (StudyStorage, string, TimeSpan)? study)
    {
        this.study = study;
        this.name = name;
        this.create = create;
        this.recipe = recipe;
        this.space = space;
        this.strategy = strategy;
        this.trials = trials;
        this.seed = seed;
        this.threads = threads;
        this.minimumEpochs = minimumEpochs;
    }

    /// <summary>Tunes a zoo model, starting from its recipe (or <paramref name="recipe"/>).</summary>
    /// <param name="model">The zoo model.</param>
    /// <param name="recipe">The recipe whose values the search changes; the model's own by default.</param>
    /// <returns>A grid search over nothing yet, seeded with <see cref="TrainingDefaults.Seed"/>; add hyperparameters with <see cref="Over"/>.</returns>
    public static Tuner For(ZooModel model, TrainingRecipe? recipe = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(model.Name, model.Create, recipe ?? model.Recipe, [], SearchStrategy.Grid, 0, TrainingDefaults.Seed, null, 1, null);
    }

    /// <summary>Tunes any network made by <paramref name="create"/>, starting from <paramref name="recipe"/>.</summary>
    /// <param name="name">The network's name, for the results table.</param>
    /// <param name="create">Creates a fresh network for every trial.</param>
    /// <param name="recipe">The recipe whose values the search changes.</param>
    /// <returns>A grid search over nothing yet, seeded with <see cref="TrainingDefaults.Seed"/>.</returns>
    public static Tuner For(string name, Func<nn.Module<Tensor, Tensor>> create, TrainingRecipe recipe)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(recipe);
        return new(name, create, recipe, [], SearchStrategy.Grid, 0, TrainingDefaults.Seed, null, 1, null);
    }

    /// <summary>The default of <see cref="Storage"/>'s lease: how long a worker may go without a heartbeat before its trial goes to another.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);

    /// <summary>The hyperparameters searched so far.</summary>
    public IReadOnlyList<Hyperparameter> Space => space;

    internal string Network => name;

    internal Func<nn.Module<Tensor, Tensor>> Create => create;

    internal TrainingRecipe Recipe => recipe;

    internal SearchStrategy Strategy => strategy;

    internal int Trials => trials;

    internal int SeedValue => seed;

    internal int? ThreadCount => threads;

    internal int MinimumEpochs => minimumEpochs;

    /// <summary>Adds hyperparameters to the search; a name given twice keeps the last.</summary>
    /// <param name="hyperparameters">The dimensions to search.</param>
    /// <returns>A new tuner.</returns>
    public Tuner Over(params Hyperparameter[] hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var names = hyperparameters.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        return With(space: [.. space.Where(h => !names.Contains(h.Name)), .. hyperparameters]);
    }

    /// <summary>Trains every combination of the listed values (the default).</summary>
    /// <returns>A new tuner.</returns>
    public Tuner Grid() => With(strategy: SearchStrategy.Grid, trials: 0);

    /// <summary>Trains <paramref name="trials"/> configurations drawn at random from the values and ranges.</summary>
    /// <param name="trials">At least 1.</param>
    /// <returns>A new tuner.</returns>
    public Tuner Random(int trials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        return With(strategy: SearchStrategy.Random, trials: trials);
    }

    /// <summary>
    /// Successive halving: <paramref name="configurations"/> random configurations train for
    /// <paramref name="minimumEpochs"/> epochs; the best third go on with three times the epochs, and so on, up to the
    /// recipe's epochs. Any <c>epochs</c> hyperparameter in the space is ignored.
    /// </summary>
    /// <param name="configurations">How many configurations start; at least 2.</param>
    /// <param name="minimumEpochs">The epochs of the first round; at least 1.</param>
    /// <returns>A new tuner.</returns>
    public Tuner SuccessiveHalving(int configurations, int minimumEpochs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(configurations, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumEpochs, 1);
        return With(strategy: SearchStrategy.SuccessiveHalving, trials: configurations, minimumEpochs: minimumEpochs);
    }

    /// <summary>Seeds the random draws of the search and every trial's training (default <see cref="TrainingDefaults.Seed"/>).</summary>
    /// <param name="seed">Any number; the same seed gives the same trials and scores on the CPU.</param>
    /// <returns>A new tuner.</returns>
    public Tuner Seed(int seed) => With(seed: seed);

    /// <summary>Sets how many threads torch uses for each trial.</summary>
    /// <param name="threads">At least 1.</param>
    /// <returns>A new tuner.</returns>
    public Tuner Threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return With(threads: threads);
    }

    /// <summary>
    /// Keeps the search in a study: <c>Fit</c> then joins study <paramref name="study"/> in <paramref name="storage"/>
    /// as one worker among any number, on this machine or others. The first worker creates the study with its
    /// planned trials; every worker claims pending trials one at a time, sends heartbeats while it trains, and records
    /// each outcome with the trained weights, until no trial is left. A worker that is killed loses only the trial it
    /// was training, which another worker takes over once its lease runs out; a search that is stopped resumes where
    /// it was when <c>Fit</c> runs again. Without storage the search runs in memory, as before.
    /// </summary>
    /// <remarks>
    /// Every worker must plan the same study (network, strategy, seed, space, recipe and data), or joining is refused
    /// with a <see cref="StudyMismatchException"/>. Successive halving promotes across workers as trials finish
    /// (asynchronous successive halving), so no worker waits for a round to fill. Read a study with
    /// <see cref="Study.Open"/>.
    /// </remarks>
    /// <param name="storage">Where the study lives: a SQLite file, or PostgreSQL for several machines.</param>
    /// <param name="study">The study's name, which every worker of the search gives.</param>
    /// <param name="lease">
    /// How long this worker's claim on a trial lasts without a heartbeat (it beats six times per lease), after
    /// which another worker may take the trial; default <see cref="DefaultLease"/>.
    /// </param>
    /// <returns>A new tuner.</returns>
    public Tuner Storage(StudyStorage storage, string study, TimeSpan? lease = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Study.CheckName(study);
        var duration = lease ?? DefaultLease;
        if (duration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(lease), duration, "A lease needs at least a second, so heartbeats can keep it.");
        }

        return new(name, create, recipe, space, strategy, trials, seed, threads, minimumEpochs, (storage, study, duration));
    }

    /// <summary>The configurations the search will train first, without training anything.</summary>
    /// <returns>One dictionary of hyperparameter values per trial.</returns>
    /// <exception cref="InvalidOperationException">A grid search includes a continuous range.</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Plan()
    {
        if (strategy == SearchStrategy.Grid)
        {
            if (space.FirstOrDefault(h => h.IsRange) is { } range)
            {
                throw new InvalidOperationException($"A grid search needs lists of values, but {range} is a range: list values with Hyperparameter.Choice, or use Random.");
            }

            IEnumerable<Dictionary<string, string>> combinations = [new(StringComparer.Ordinal)];
            foreach (var dimension in space)
            {
                combinations = combinations.SelectMany(partial => dimension.Values.Select(value => new Dictionary<string, string>(partial, StringComparer.Ordinal) { [dimension.Name] = value })).ToList();
            }

            return [.. combinations];
        }

        var random = new Random(seed);
        return [.. Enumerable.Range(0, trials).Select(_ => (IReadOnlyDictionary<string, string>)space.ToDictionary(h => h.Name, h => h.Sample(random), StringComparer.Ordinal))];
    }

    /// <summary>Runs the search on a training/validation split.</summary>
    /// <param name="data">A split from <see cref="DigitDataset.Split"/>.</param>
    /// <param name="progress">Receives a report before, during and after each trial.</param>
    /// <param name="cancellationToken">Stops the search; the trials finished so far are returned, marked canceled.</param>
    /// <returns>Every trial and the best one.</returns>
    public TuningResult Fit(TrainValidationData data, IProgress<TuningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Train, data.Validation, progress, cancellationToken);
    }

    /// <summary>
    /// Runs the search: each trial trains on <paramref name="train"/> and is scored on <paramref name="validation"/>.
    /// With <see cref="Storage"/>, this process is one worker of the study: it trains the trials it claims until none
    /// is left anywhere, and returns the study's complete trials, whichever worker trained them.
    /// </summary>
    /// <param name="train">The images to train on.</param>
    /// <param name="validation">The held-out images that score the trials; never the test set.</param>
    /// <param name="progress">Receives a report before, during and after each trial (with a study, each trial this worker trains).</param>
    /// <param name="cancellationToken">Stops the search; the trials finished so far are returned, marked canceled (with a study, the running trial is given back to it first).</param>
    /// <returns>Every trial and the best one.</returns>
    /// <exception cref="StudyMismatchException">The study exists with another plan or other data.</exception>
    /// <exception cref="StudyStorageException">The study's storage cannot be reached or used.</exception>
    public TuningResult Fit(DigitDataset train, DigitDataset validation, IProgress<TuningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (study is { } stored)
        {
            return new StudyRunner(this, stored.Storage, stored.Study, stored.Lease).Run(train, validation, progress, cancellationToken);
        }

        var plan = Plan();
        var results = new List<TrialResult>();
        var canceled = false;
        try
        {
            if (strategy == SearchStrategy.SuccessiveHalving)
            {
                RunHalving(plan, train, validation, results, progress, cancellationToken);
            }
            else
            {
                foreach (var values in plan)
                {
                    results.Add(RunTrial(results.Count + 1, plan.Count, values, recipe.Epochs, 1, train, validation, progress, cancellationToken));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            canceled = true;
        }

        return new TuningResult(name, strategy, seed, space, results, canceled);
    }

    private void RunHalving(IReadOnlyList<IReadOnlyDictionary<string, string>> plan, DigitDataset train, DigitDataset validation, List<TrialResult> results, IProgress<TuningProgress>? progress, CancellationToken cancellationToken)
    {
        const int Eta = 3;
        var survivors = plan.Select(values => (IReadOnlyDictionary<string, string>)values.Where(v => v.Key != "epochs").ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal)).ToList();
        var epochs = Math.Min(minimumEpochs, recipe.Epochs);
        var planned = 0;
        for (int n = survivors.Count, e = epochs; ; n = Math.Max(1, n / Eta), e = Math.Min(recipe.Epochs, e * Eta))
        {
            planned += n;
            if (n == 1 || e == recipe.Epochs)
            {
                break;
            }
        }

        for (var round = 1; ; round++)
        {
            var scored = new List<TrialResult>();
            foreach (var values in survivors)
            {
                var result = RunTrial(results.Count + 1, planned, values, epochs, round, train, validation, progress, cancellationToken);
                results.Add(result);
                scored.Add(result);
            }

            if (survivors.Count == 1 || epochs >= recipe.Epochs)
            {
                return;
            }

            survivors = [.. TuningResult.Rank(scored).Take(Math.Max(1, survivors.Count / Eta)).Select(r => r.Values)];
            epochs = Math.Min(recipe.Epochs, epochs * Eta);
        }
    }

    private TrialResult RunTrial(int number, int planned, IReadOnlyDictionary<string, string> values, int epochs, int round, DigitDataset train, DigitDataset validation, IProgress<TuningProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var trialRecipe = recipe with { Seed = seed, Epochs = epochs };
        foreach (var (key, value) in values)
        {
            trialRecipe = trialRecipe.With(key, value);
        }

        progress?.Report(new TuningProgress(number, planned, values, null, null));
        var builder = trialRecipe.Configure(Trainer.For(create));
        if (threads is { } count)
        {
            builder = builder.Threads(count);
        }

        var trainingProgress = progress is null ? null : new SynchronousProgress<TrainingProgress>(p => progress.Report(new TuningProgress(number, planned, values, p, null)));
        var clock = Stopwatch.StartNew();
        var run = builder.Fit(train, validation, trainingProgress, cancellationToken);
        using (run.Model)
        {
            var last = run.History[^1];
            var result = new TrialResult(number, values, trialRecipe, last.ValidationAccuracy ?? double.NaN, last.ValidationLoss ?? double.NaN, trialRecipe.Epochs, clock.Elapsed, round);
            progress?.Report(new TuningProgress(number, planned, values, null, result));
            return result;
        }
    }

    private Tuner With(IReadOnlyList<Hyperparameter>? space = null, SearchStrategy? strategy = null, int? trials = null, int? seed = null, int? threads = null, int? minimumEpochs = null)
        => new(name, create, recipe, space ?? this.space, strategy ?? this.strategy, trials ?? this.trials, seed ?? this.seed, threads ?? this.threads, minimumEpochs ?? this.minimumEpochs, study);
}
