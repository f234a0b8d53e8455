// PretrainedModel: makes the one pretrained digit model that Digits.Sdk.Inference embeds, and its model card.
//
//   dotnet run --project samples/PretrainedModel -c Release
//
// Trains one PretrainedCnn (seed 42) on 55,000 of MNIST's 60,000 training images with the robust recipe
// (PretrainedRecipe.cs: TopCnn's, with stroke-width augmentation and half the images corrupted by twelve of MNIST-C's
// fifteen families), fits its temperature and its not-a-digit threshold on the other 5,000 (a stratified split),
// exports it to ONNX and measures the file: MNIST test accuracy through ONNX Runtime, per-class precision/recall/F1,
// the fifteen corruption families through the picture path and model-level (the three held out of training
// reported as unseen), pictures that are not MNIST's (RobustnessPictures.cs), and its confidences: calibration
// before and after the temperature, and "not a digit" on Fashion-MNIST, printed letters and noise
// (PretrainedConfidence.cs). A checkpoint already in the work
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
using var fashion = await Datasets.FashionMnist.LoadAsync(SampleData.Root(), download: true);
Directory.CreateDirectory(options.Work);

var recipe = PretrainedRecipe.Robust with { Seed = options.Seed };
Console.WriteLine($"Recipe: {recipe}");
// The hold-out that calibrates the confidences; the test images stay for measuring only.
using var split = mnist.Train.Split(PretrainedRecipe.ValidationImages, seed: options.Seed);
var checkpoint = Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"pretrainedcnn-{options.Seed}-calibrated.ckpt"));
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
        .Fit(split.Train, split.Validation, new SynchronousProgress<TrainingProgress>(SampleData.PrintEpochs));
    Console.WriteLine($"Temperature {run.Calibration!.Temperature:F3}: validation ECE {run.Calibration.ExpectedCalibrationErrorBefore:P2} -> {run.Calibration.ExpectedCalibrationErrorAfter:P2}");
    run.SaveCheckpoint(checkpoint);
    network = run.Model;
}

Console.WriteLine($"Network ready in {clock.Elapsed.TotalMinutes:0.0} min.");
using (network)
{
    PretrainedExport.Write(network, checkpoint, mnist, split.Validation, fashion.Test, recipe, options, clock);
}
