using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Trains zoo models with their recipes on the 60,000 MNIST training images and measures each on the 10,000 test
/// images: fit time, training throughput, test accuracy, peak memory, and wall time since the process started.
/// </summary>
/// <remarks>
/// Usage: <c>zoo-train [Model...] [--epochs N] [--images N] [--ensemble K] [--seed S] [--threads N] [--layout channels-last|nchw] [--save folder] [--data folder]</c>.
/// With no model names it trains the cheap ones (LogisticRegression, LinearSvm, FastCnn). <c>--ensemble K</c>
/// trains K members of each model with seeds S, S + 1, … (S is the recipe's seed unless <c>--seed</c> says) and
/// reports each member and their average. <c>--save</c> keeps each trained member as a checkpoint
/// (<c>&lt;Model&gt;-seed&lt;S&gt;.ckpt</c>), so members trained in separate processes can be evaluated together
/// afterwards with <c>digits evaluate a.ckpt b.ckpt …</c>.
/// </remarks>
internal static class ZooTrainBenchmark
{
    private static readonly string[] ValueOptions = ["--epochs", "--images", "--ensemble", "--seed", "--threads", "--layout", "--save", "--data"];

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var names = options.Positional(ValueOptions);
        var models = (names.Count == 0 ? ["LogisticRegression", "LinearSvm", "FastCnn"] : names).Select(ModelZoo.Get).ToList();
        var members = options.Int("--ensemble") ?? 1;
        var threads = options.Int("--threads") ?? Environment.ProcessorCount;
        var layout = options.ApplyLayout();
        var dataRoot = options.Text("--data") ?? BenchmarkEnvironment.DataRoot;
        var saveFolder = options.Text("--save");

        using var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult();
        using var train = options.Int("--images") is { } count ? mnist.Train.Take(count) : mnist.Train.Take(mnist.Train.Count);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"zoo-train: {train.Count:N0} training images, {mnist.Test.Count:N0} test images, {threads} threads, {layout} layout"));
        Console.WriteLine();
        Console.WriteLine("| model | recipe | fit s | images/s | test accuracy % | peak RSS MB | wall since start s |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var model in models)
        {
            var recipe = options.Int("--epochs") is { } epochs ? model.Recipe with { Epochs = epochs } : model.Recipe;
            recipe = options.Int("--seed") is { } seed ? recipe with { Seed = seed } : recipe;
            var trained = new List<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>>();
            for (var member = 0; member < members; member++)
            {
                var memberRecipe = recipe with { Seed = recipe.Seed + member };
                var clock = Stopwatch.StartNew();
                var run = model.Trainer(memberRecipe).Threads(threads).Fit(train);
                var fitSeconds = clock.Elapsed.TotalSeconds;
                if (saveFolder is not null)
                {
                    Directory.CreateDirectory(saveFolder);
                    run.SaveCheckpoint(Path.Combine(saveFolder, string.Create(CultureInfo.InvariantCulture, $"{model.Name}-seed{memberRecipe.Seed}.ckpt")));
                }

                var accuracy = run.Model.Evaluate(mnist.Test).Accuracy;
                var throughput = run.History.Average(epoch => epoch.ImagesPerSecond);
                trained.Add(run.Model);
                Row(members > 1 ? $"{model.Name} #{member + 1}" : model.Name, memberRecipe.ToString(), fitSeconds, throughput, accuracy);
            }

            if (members > 1)
            {
                using var ensemble = new Ensemble(trained);
                Row($"Ensemble of {members} {model.Name}", "mean of softmax", double.NaN, double.NaN, ensemble.Evaluate(mnist.Test).Accuracy);
            }
            else
            {
                trained.ForEach(network => network.Dispose());
            }
        }

        return 0;
    }

    private static void Row(string name, string recipe, double fitSeconds, double throughput, double accuracy)
    {
        using var self = Process.GetCurrentProcess();
        var wall = (DateTime.Now - self.StartTime).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {recipe} | {(double.IsNaN(fitSeconds) ? "–" : fitSeconds.ToString("F1", CultureInfo.InvariantCulture))} | {(double.IsNaN(throughput) ? "–" : throughput.ToString("N0", CultureInfo.InvariantCulture))} | {accuracy * 100:F2} | {self.PeakWorkingSet64 / 1048576.0:N0} | {wall:F1} |"));
    }
}
