// PretrainedModel: makes the one pretrained digit model that Digits.Sdk.Inference embeds, and its model card.
//
//   dotnet run --project samples/PretrainedModel -c Release
//
// Trains one PretrainedCnn (seed 42) on MNIST's 60,000 training images with the robust recipe (PretrainedRecipe.cs:
// TopCnn's, with stroke-width augmentation and half the images corrupted by twelve of MNIST-C's fifteen families),
// exports it to ONNX and measures the file: MNIST test accuracy through ONNX Runtime, per-class precision/recall/F1,
// the fifteen corruption families through the picture path and model-level (the three held out of training
// reported as unseen), and pictures that are not MNIST's (RobustnessPictures.cs). A checkpoint already in the work
// folder is loaded, not retrained, so the same command re-measures the model.
//
//   dotnet run --project samples/PretrainedModel -c Release -- --stamp-only
//
// Trains and exports nothing: records the weights digest (digits.weights_sha256) in the model already there, which was
// exported before models carried it, leaving every byte of it as it was, and updates the card's size and sha256.
using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
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

var recipe = PretrainedRecipe.Robust with { Seed = options.Seed };
Console.WriteLine($"Recipe: {recipe}");
var checkpoint = Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"pretrainedcnn-{options.Seed}.ckpt"));
PretrainedCnn network;
if (File.Exists(checkpoint))
{
    Console.WriteLine($"Loading {checkpoint}");
    network = Checkpoint.Load<PretrainedCnn>(checkpoint);
}
else
{
    Console.WriteLine($"Training ({recipe.Epochs} epochs, {options.Threads} threads)");
    var run = recipe.Configure(Trainer.For<PretrainedCnn>()).Threads(options.Threads)
        .Checkpoints(Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"pretrainedcnn-{options.Seed}.runs")))
        .Fit(mnist.Train, progress: new SynchronousProgress<TrainingProgress>(SampleData.PrintEpochs));
    run.SaveCheckpoint(checkpoint);
    network = run.Model;
}

Console.WriteLine($"Network ready in {clock.Elapsed.TotalMinutes:0.0} min.");
using (network)
{
    PretrainedExport.Write(network, checkpoint, mnist, recipe, options, clock);
}
