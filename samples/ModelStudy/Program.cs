// ModelStudy: the classic MNIST study end to end. Logistic regression, linear and RBF SVMs, an MLP, LeNet-5 and
// CNNs, each trained with its recipe from the model zoo; a hyperparameter search for the fast CNN; a leaderboard
// ranked by validation accuracy (the test set is only reported, never used to choose); the winner's plots; and an
// ensemble of the winner's architecture (three members by default, --members N).
//
//   dotnet run --project samples/ModelStudy -c Release              # the whole study (hours on two CPU cores)
//   dotnet run --project samples/ModelStudy -c Release -- --quick   # every model for one epoch on 10,000 images
//   dotnet run --project samples/ModelStudy -c Release -- --members 5   # a five-member ensemble at the end
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Samples;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;

var quick = args.Contains("--quick");
var members = args.SkipWhile(a => a != "--members").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(quick ? 2 : 3);
var output = Path.GetFullPath(Path.Combine("artifacts", "model-study"));
Directory.CreateDirectory(output);

using var mnist = await Datasets.Mnist.LoadAsync(SampleData.Root(), download: true);
using var training = quick ? mnist.Train.Take(10_000) : mnist.Train.Take(mnist.Train.Count);
using var data = training.Split(validation: quick ? 2_000 : 5_000, seed: 42);
TrainingRecipe RecipeFor(ZooModel model) => quick ? model.Recipe with { Epochs = 1 } : model.Recipe;

// 1. Tune the fast CNN's learning rate and batch size: every trial is scored on the validation split.
var tuning = Tuner.For(ModelZoo.Get("FastCnn"), RecipeFor(ModelZoo.Get("FastCnn")))
    .Over(
        Hyperparameter.Choice("learningRate", 3e-3, 1e-2),
        Hyperparameter.Choice("batchSize", 64, 128))
    .Grid()
    .Seed(42)
    .Fit(data);
Console.WriteLine(tuning.ToText());
File.WriteAllText(Path.Combine(output, "tuning.md"), tuning.ToMarkdown());

// 2. Compare the zoo, the tuned CNN's recipe included, and rank by validation accuracy.
var tunedFastCnn = tuning.Best is { } best ? best.Recipe : RecipeFor(ModelZoo.Get("FastCnn"));
string[] names = ["LogisticRegression", "LinearSvm", "RbfSvm", "Mlp", "LeNet5", "FastCnn", "TopCnn"];
var leaderboard = ModelComparison.Compare(
    names.Select(ModelZoo.Get),
    data,
    mnist.Test,
    recipeFor: model => model.Name == "FastCnn" ? tunedFastCnn : RecipeFor(model),
    progress: new Progress<(string Network, TrainingProgress Progress)>(p =>
    {
        if (p.Progress.Phase == TrainingPhase.Completed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Network}: trained in {p.Progress.Elapsed.TotalSeconds:0} s"));
        }
    }));
Console.WriteLine(leaderboard.ToMarkdown());
File.WriteAllText(Path.Combine(output, "leaderboard.md"), leaderboard.ToMarkdown());
File.WriteAllText(Path.Combine(output, "leaderboard.json"), leaderboard.ToJson());

// 3. The winner, chosen on validation accuracy: retrain it and draw its curves, confusion matrix and mistakes.
var winner = ModelZoo.Get(leaderboard.Winner!.Network);
var run = winner.Fit(data.Train, data.Validation, winner.Name == "FastCnn" ? tunedFastCnn : RecipeFor(winner));
using var model = run.Model;
var report = model.Evaluate(mnist.Test);
Console.WriteLine($"Final model: {winner.Name}, test accuracy {report.Accuracy:P2}");
run.History.SaveCurvesPng(Path.Combine(output, "training-curves.png"));
report.SaveConfusionMatrixPng(Path.Combine(output, "confusion-matrix.png"));
using (var probabilities = model.PredictProbabilities(mnist.Test))
using (var pixels = mnist.Test.Normalization.Denormalize(mnist.Test.Images))
{
    var predicted = probabilities.argmax(1).data<long>().ToArray().Select(p => (int)p).ToArray();
    var labels = mnist.Test.Labels.data<long>().ToArray().Select(l => (int)l).ToArray();
    Plots.MisclassifiedGrid(pixels.data<float>().ToArray(), labels, predicted, mnist.Identity.ClassNames).SavePng(Path.Combine(output, "misclassified.png"));
}

// 4. An ensemble of the winner's architecture: members trained with seeds 42, 43, … vote with their mean softmax.
// The retrained winner above is the first member; the mean is what Ensemble.PredictProbabilities computes (the
// winner stays outside the Ensemble, which owns and disposes its members). With TopCnn, three members reach 99.78%.
var recipe = winner.Name == "FastCnn" ? tunedFastCnn : RecipeFor(winner);
if (members > 1)
{
    using var others = Ensemble.Fit(winner, members - 1, data.Train, data.Validation, recipe with { Seed = recipe.Seed + 1 });
    using var scope = TorchSharp.torch.NewDisposeScope();
    var sum = model.PredictProbabilities(mnist.Test);
    var each = new List<double> { report.Accuracy };
    foreach (var member in others.Members)
    {
        // One pass per member gives both its own accuracy and its share of the ensemble's mean.
        var probabilities = member.PredictProbabilities(mnist.Test);
        each.Add(EvaluationReport.FromProbabilities(mnist.Test.Labels, probabilities, mnist.Identity.ClassNames).Accuracy);
        sum += probabilities;
    }

    var together = EvaluationReport.FromProbabilities(mnist.Test.Labels, sum / members, mnist.Identity.ClassNames);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Ensemble of {members} {winner.Name}: members {string.Join(", ", each.Select(a => a.ToString("P2", CultureInfo.InvariantCulture)))}; together {together.Accuracy:P2}"));
}

Console.WriteLine($"Leaderboard, tuning table and plots in {output}");
