using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Fit time and test accuracy of the zoo's LogisticRegression, LinearSvm and (with <c>--rbf</c>) RbfSvm, next to
/// scikit-learn's LogisticRegression(lbfgs), LinearSVC and SVC(rbf, C=5, gamma=0.05) run back to back by
/// peers/zoo_sklearn.py with Debian's python3-sklearn.
/// </summary>
/// <remarks>
/// Usage: <c>zoo-vs-sklearn [Model...] [options]</c>; model names (LogisticRegression, LinearSvm, RbfSvm) pick
/// which pairs run. Options: <c>--rbf</c> adds RbfSvm and its SVC peer (SVC takes about half an hour on all 60,000 images);
/// <c>--svc-images N</c> trains SVC on the first N images only (the ratio is then marked); <c>--no-peer</c>;
/// <c>--threads N</c>; <c>--data folder</c>.
/// </remarks>
internal static class ZooVsSklearnBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var dataRoot = options.Text("--data") ?? BenchmarkEnvironment.DataRoot;
        var threads = options.Int("--threads") ?? Environment.ProcessorCount;
        var chosen = options.Positional("--svc-images", "--threads", "--data");
        IReadOnlyList<string> names = chosen.Count > 0
            ? chosen
            : options.Flag("--rbf") ? ["LogisticRegression", "LinearSvm", "RbfSvm"] : ["LogisticRegression", "LinearSvm"];

        var ours = new Dictionary<string, (double Fit, double Accuracy)>();
        using (var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult())
        {
            foreach (var name in names)
            {
                var model = ModelZoo.Get(name);
                var clock = Stopwatch.StartNew();
                var run = model.Trainer().Threads(threads).Fit(mnist.Train);
                var fit = clock.Elapsed.TotalSeconds;
                using var network = run.Model;
                ours[name] = (fit, network.Evaluate(mnist.Test).Accuracy);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {fit:F1} s, {ours[name].Accuracy * 100:F2}%"));
            }
        }

        var peers = new Dictionary<string, (double Fit, double Accuracy, int Images)>();
        if (!options.Flag("--no-peer"))
        {
            var svcImages = options.Int("--svc-images") ?? 60_000;
            var result = PeerProcess.Run("sklearn", "zoo_sklearn.py", ["--data", Path.Combine(dataRoot, "mnist"), "--models", string.Join(",", names), "--svc-images", svcImages.ToString(CultureInfo.InvariantCulture)]);
            foreach (var line in result?.Lines ?? [])
            {
                peers[line.GetProperty("model").GetString()!] = (line.GetProperty("fit_seconds").GetDouble(), line.GetProperty("test_accuracy").GetDouble(), line.GetProperty("train_images").GetInt32());
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"zoo-vs-sklearn: fit on MNIST's training images, accuracy on its 10,000 test images, {threads} threads"));
        Console.WriteLine();
        Console.WriteLine("| model | ours: fit s | ours: test % | scikit-learn peer | peer: fit s | peer: test % | fit time ratio (ours / peer) |");
        Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var name in names)
        {
            var (fit, accuracy) = ours[name];
            var peerName = name switch { "LogisticRegression" => "LogisticRegression(lbfgs)", "LinearSvm" => "LinearSVC", _ => "SVC(rbf, C=5, γ=0.05)" };
            if (peers.TryGetValue(name, out var peer))
            {
                var subsample = peer.Images < 60_000 ? string.Create(CultureInfo.InvariantCulture, $" on {peer.Images:N0} images") : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {fit:F1} | {accuracy * 100:F2} | {peerName}{subsample} | {peer.Fit:F1} | {peer.Accuracy * 100:F2} | {fit / peer.Fit:P1} |"));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {fit:F1} | {accuracy * 100:F2} | {peerName} | – | – | – |"));
            }
        }

        return 0;
    }
}
