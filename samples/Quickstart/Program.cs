// Quickstart: the main job. Train FastCnn on MNIST, evaluate it, export it to ONNX and classify digits with
// the exported model through ONNX Runtime. About a minute on two CPU cores.
//
//   dotnet run --project samples/Quickstart -c Release
//
// MNIST comes from DIGITS_DATA, from ../shared/datasets beside this repository, or is downloaded.
using System.Diagnostics;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Samples;
using Digits.Sdk.Training;

var output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "quickstart"));
Directory.CreateDirectory(output);
var clock = Stopwatch.StartNew();

// 1. Data: 55,000 images to train on, 5,000 to validate with, the official 10,000 to test.
using var mnist = await Datasets.Mnist.LoadAsync(SampleData.Root(), download: true);
using var data = mnist.Train.Split(validation: 5_000, seed: 42);
Console.WriteLine($"{data.Train}\n{data.Validation}\n{mnist.Test}");

// 2. Train FastCnn, a network declared with attributes (see src/Digits.Sdk/Models/FastCnn.cs), for one epoch.
Console.WriteLine(FastCnn.Architecture.Summary());
var run = Trainer.For<FastCnn>()
    .Optimizer(Optimizers.AdamW(learningRate: 1e-2, weightDecay: 1e-4))
    .Schedule(Schedules.OneCycle())
    .Epochs(1)
    .BatchSize(64)
    .Fit(data.Train, data.Validation, new Progress<TrainingProgress>(SampleData.PrintEpochs));
using var model = run.Model;

// 3. Evaluate on the test set: accuracy, per-class precision/recall/F1, confusion matrix.
var report = model.Evaluate(mnist.Test);
Console.WriteLine(report.ToText());
report.SaveConfusionMatrixPng(Path.Combine(output, "confusion-matrix.png"));

// 4. Export to ONNX. The model knows it was trained on MNIST, so the file carries MNIST's class names,
//    normalisation and digit preprocessing without being told.
var onnxPath = Path.Combine(output, "fastcnn.onnx");
model.ExportOnnx(onnxPath);
Console.WriteLine($"Exported {onnxPath} ({new FileInfo(onnxPath).Length:N0} bytes).");

// 5. Predict with ONNX Runtime alone, on test digits given as pixels in [0, 1].
using var classifier = DigitClassifier.Load(onnxPath);
using var pixels = mnist.Test.Normalization.Denormalize(mnist.Test.Images);
var images = pixels.data<float>().ToArray();
var labels = mnist.Test.Labels.data<long>().ToArray().Select(l => (int)l).ToArray();
var predicted = new int[labels.Length];
for (var start = 0; start < labels.Length; start += 500)
{
    var batch = Enumerable.Range(start, Math.Min(500, labels.Length - start)).Select(i => images.AsSpan(i * 784, 784).ToArray()).ToList();
    var predictions = classifier.PredictBatch(batch);
    for (var i = 0; i < predictions.Count; i++)
    {
        predicted[start + i] = predictions[i].Label;
    }
}

for (var i = 0; i < 8; i++)
{
    var prediction = classifier.Predict(images.AsSpan(i * 784, 784));
    Console.WriteLine($"test digit {i}: labelled {labels[i]}, ONNX model says {prediction.ClassName} ({prediction.Confidence:P1})");
}

var agreement = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
Console.WriteLine($"ONNX Runtime test accuracy: {agreement:P2} (TorchSharp: {report.Accuracy:P2}).");
Plots.MisclassifiedGrid(images, labels, predicted, mnist.Identity.ClassNames, maxImages: 40).SavePng(Path.Combine(output, "misclassified.png"));
Console.WriteLine($"Pictures in {output}: confusion-matrix.png, misclassified.png. Done in {clock.Elapsed.TotalSeconds:0} s.");
