// PretrainedModel: makes the one pretrained digit model that Digits.Sdk.Inference embeds, and its model card.
//
//   dotnet run --project samples/PretrainedModel -c Release
//
// Trains three TopCnn members (seeds 42, 43, 44) on MNIST's 60,000 training images with TopCnn's recipe plus
// stroke-width augmentation, exports them as one ONNX graph that averages their softmax, and measures the file:
// MNIST test accuracy through ONNX Runtime, per-class precision/recall/F1, and accuracy on pictures that are not
// MNIST's (see RobustnessPictures.cs). A member whose checkpoint is already in the work folder is loaded, not
// retrained, so an interrupted run continues where it stopped.
//
//   dotnet run --project samples/PretrainedModel -c Release -- --stamp-only
//
// Trains and exports nothing: records the weights digest (digits.weights_sha256) in the model already there, which was
// exported before models carried it, leaving every byte of it as it was, and updates the card's size and sha256.
using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Models;
using Digits.Sdk.Samples;
using Digits.Sdk.Training;

var options = PretrainedOptions.Parse(args);
if (options.StampOnly)
{
    PretrainedStamp.Run(options);
    return;
}

var clock = Stopwatch.StartNew();
using var mnist = await Datasets.Mnist.LoadAsync(SampleData.Root(), download: true);
Directory.CreateDirectory(options.Work);

var recipe = PretrainedRecipe.For(TopCnn.Recipe);
Console.WriteLine($"Recipe: {recipe}");
var members = new List<TopCnn>();
var checkpoints = new List<string>();
foreach (var seed in options.Seeds)
{
    var checkpoint = Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"topcnn-{seed}.ckpt"));
    checkpoints.Add(checkpoint);
    if (File.Exists(checkpoint))
    {
        Console.WriteLine($"Member seed {seed}: loading {checkpoint}");
        members.Add(Checkpoint.Load<TopCnn>(checkpoint));
        continue;
    }

    Console.WriteLine($"Member seed {seed}: training ({recipe.Epochs} epochs, {options.Threads} threads)");
    var run = (recipe with { Seed = seed }).Configure(Trainer.For<TopCnn>()).Threads(options.Threads)
        .Checkpoints(Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"topcnn-{seed}.runs")))
        .Fit(mnist.Train, progress: new SynchronousProgress<TrainingProgress>(SampleData.PrintEpochs));
    run.SaveCheckpoint(checkpoint);
    members.Add(run.Model);
}

Console.WriteLine($"Members ready in {clock.Elapsed.TotalMinutes:0.0} min.");
PretrainedExport.Write(members, checkpoints, mnist, recipe, options, clock);
foreach (var member in members)
{
    member.Dispose();
}
