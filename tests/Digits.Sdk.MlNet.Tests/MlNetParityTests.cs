using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Training;
using Xunit.Abstractions;

namespace Digits.Sdk.MlNet.Tests;

/// <summary>
/// ML.NET is a second, independent client of the ONNX files we export: it reads the file's metadata itself,
/// normalises as the metadata says and runs the graph through <c>ApplyOnnxModel</c>. It must see what
/// <see cref="DigitClassifier"/> sees.
/// </summary>
public sealed class MlNetParityTests(ITestOutputHelper output)
{
    private const int Images = 1_000;

    // 200 optimizer steps: enough for confident, varied predictions (about 93% right), and the test stays well
    // under a minute even on two busy cores.
    private const int TrainingImages = 200 * 64;

    // Both clients run the same graph on the same ONNX Runtime; only the batch size (1,000 against 1) differs,
    // which changes the order of floating-point sums, not the result beyond rounding.
    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task An_exported_model_gives_the_same_labels_and_probabilities_in_MLNET_as_in_DigitClassifier()
    {
        var folder = Directory.CreateTempSubdirectory("digits-mlnet-");
        try
        {
            var path = Path.Combine(folder.FullName, "lenet5.onnx");
            await TrainAndExport(path);
            var images = SharedDatasets.MnistTestImages(Images);
            var labels = SharedDatasets.MnistTestLabels(Images);

            IReadOnlyList<Prediction> expected;
            using (var classifier = DigitClassifier.Load(path))
            {
                expected = classifier.PredictBatch(images);
            }

            var actual = MlNetScorer.Probabilities(path, images);

            // A model that had learnt nothing would agree trivially; this one reads digits.
            var accuracy = expected.Select((p, i) => p.Label == labels[i] ? 1.0 : 0.0).Average();
            output.WriteLine($"DigitClassifier's accuracy on {Images} MNIST test images: {accuracy:P1}");
            Assert.True(accuracy > 0.85, $"The briefly trained model reached only {accuracy:P1}, too little to compare real predictions.");

            Assert.Equal(Images, actual.Length);
            var largest = 0f;
            for (var i = 0; i < Images; i++)
            {
                Assert.Equal(expected[i].Probabilities.Count, actual[i].Length);
                Assert.True(expected[i].Label == ArgMax(actual[i]), $"Image {i}: DigitClassifier says {expected[i].Label}, ML.NET says {ArgMax(actual[i])}.");
                for (var k = 0; k < actual[i].Length; k++)
                {
                    var difference = Math.Abs(expected[i].Probabilities[k] - actual[i][k]);
                    largest = Math.Max(largest, difference);
                    Assert.True(difference <= Tolerance, $"Image {i}, class {k}: DigitClassifier gives {expected[i].Probabilities[k]:R}, ML.NET {actual[i][k]:R}.");
                }
            }

            output.WriteLine($"Largest probability difference between the two clients: {largest:E2}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task TrainAndExport(string path)
    {
        using var mnist = await Datasets.Mnist.LoadAsync(SharedDatasets.Root);
        using var train = mnist.Train.Take(TrainingImages);
        using var model = Trainer.For<LeNet5>().Epochs(1).BatchSize(64).Fit(train).Model;

        // The trained network records its data set, so the file carries MNIST's normalisation with no options.
        model.ExportOnnx(path);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }
}
