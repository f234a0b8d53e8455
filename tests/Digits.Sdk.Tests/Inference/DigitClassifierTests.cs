using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Onnx.Protos;
using Digits.Sdk.Tests.TestSupport;
using Google.Protobuf;

namespace Digits.Sdk.Tests.Inference;

public sealed class DigitClassifierTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public void Predictions_match_TorchSharps_softmax_and_argmax()
    {
        var (images, _) = MnistSamples.TestSet;
        var sample = images.Take(200).ToArray();
        var logits = TrainedNetworks.Forward(model.Network, sample);
        using var classifier = DigitClassifier.Load(model.Path);

        for (var i = 0; i < sample.Length; i++)
        {
            var prediction = classifier.Predict(sample[i]);
            var expected = Softmax(logits[i]);
            Assert.Equal(Array.IndexOf(expected, expected.Max()), prediction.Label);
            Assert.Equal(prediction.Label.ToString(System.Globalization.CultureInfo.InvariantCulture), prediction.ClassName);
            Assert.All(expected.Zip(prediction.Probabilities), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
            Assert.Equal(1f, prediction.Probabilities.Sum(), 1e-5f);
        }
    }

    [Fact]
    public void Bytes_floats_and_batches_give_the_same_predictions()
    {
        var (images, _) = MnistSamples.TestSet;
        var sample = images.Skip(200).Take(50).ToArray();
        using var classifier = DigitClassifier.Load(model.Path);

        var fromBytes = sample.Select(image => classifier.Predict(image)).ToArray();
        var fromFloats = sample.Select(image => classifier.Predict(image.Select(p => p / 255f).ToArray())).ToArray();
        var batched = classifier.PredictBatch(sample);

        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(fromBytes[i].Label, fromFloats[i].Label);
            Assert.Equal(fromBytes[i].Label, batched[i].Label);
            Assert.Equal(fromBytes[i].Probabilities, batched[i].Probabilities, (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Fact]
    public void The_classifier_recognises_real_digits()
    {
        var (images, labels) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.Load(model.Path);

        var predictions = classifier.PredictBatch(images);

        var accuracy = predictions.Zip(labels, (p, l) => p.Label == l ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.8, $"Accuracy {accuracy:P1} on 1,000 MNIST test images.");
    }

    [Fact]
    public void Metadata_read_back_equals_what_was_exported()
    {
        var path = System.IO.Path.Combine(model.Directory, "metadata.onnx");
        string[] names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine, \"quoted\" ✓"];
        model.Network.ExportOnnx(path, new OnnxExportOptions { ClassNames = names, NormalizationMean = [0.5f], NormalizationStandardDeviation = [0.25f] });

        using var classifier = DigitClassifier.Load(path);

        var metadata = classifier.Metadata;
        Assert.Equal("Cnn", metadata.NetworkName);
        Assert.Equal(OnnxExporter.ProducerVersion, metadata.ProducerVersion);
        Assert.Equal(model.Network.Architecture.Hash, metadata.ArchitectureHash);
        Assert.Equal(names, metadata.ClassNames);
        Assert.Equal("NCHW", metadata.InputLayout);
        Assert.Equal([1, 28, 28], metadata.InputShape);
        Assert.Equal([0.5f], metadata.NormalizationMean);
        Assert.Equal([0.25f], metadata.NormalizationStandardDeviation);
        Assert.Equal((28, 28, 784, 10), (classifier.ImageHeight, classifier.ImageWidth, classifier.PixelCount, classifier.ClassCount));
    }

    [Fact]
    public void The_normalisation_in_the_metadata_is_the_one_applied()
    {
        // Same weights, two normalisations: the classifier must feed the network (x - mean) / std from the file.
        var path = System.IO.Path.Combine(model.Directory, "shifted.onnx");
        model.Network.ExportOnnx(path, new OnnxExportOptions { NormalizationMean = [0.5f], NormalizationStandardDeviation = [0.25f] });
        var image = MnistSamples.TestSet.Images[0];
        using var classifier = DigitClassifier.Load(path);

        using var standard = DigitClassifier.Load(model.Path);

        var shifted = classifier.Predict(image);

        // Intensities that the MNIST normalisation maps onto the very values (x - 0.5) / 0.25 gives the image.
        var equivalent = image.Select(p => ((((p / 255f) - 0.5f) / 0.25f) * 0.3081f) + 0.1307f).ToArray();
        Assert.All(standard.Predict(equivalent).Probabilities.Zip(shifted.Probabilities), pair => Assert.Equal(pair.First, pair.Second, 1e-4f));
        Assert.NotEqual(standard.Predict(image).Confidence, shifted.Confidence, 1e-3f);
    }

    [Fact]
    public void A_buffer_of_the_wrong_size_is_refused_naming_the_expected_shape()
    {
        using var classifier = DigitClassifier.Load(model.Path);

        var bytes = Assert.Throws<ArgumentException>(() => classifier.Predict(new byte[783]));
        var floats = Assert.Throws<ArgumentException>(() => classifier.Predict(new float[28]));
        var batch = Assert.Throws<ArgumentException>(() => classifier.PredictBatch([new byte[784], new byte[785]]));

        Assert.Contains("[1, 28, 28]", bytes.Message);
        Assert.Contains("783", bytes.Message);
        Assert.Contains("[1, 28, 28]", floats.Message);
        Assert.Equal("images[1]", batch.ParamName);
    }

    [Fact]
    public void A_file_that_is_not_ONNX_is_refused_with_InvalidDataException()
    {
        var path = System.IO.Path.Combine(model.Directory, "not-a-model.onnx");
        File.WriteAllText(path, "These are not the weights you are looking for.");

        var error = Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_truncated_model_is_refused_with_InvalidDataException()
    {
        var bytes = File.ReadAllBytes(model.Path);
        foreach (var length in new[] { 0, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            var path = System.IO.Path.Combine(model.Directory, $"truncated-{length}.onnx");
            File.WriteAllBytes(path, bytes[..length]);

            var error = Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(path));

            Assert.Contains(path, error.Message);
        }
    }

    [Fact]
    public void An_ONNX_model_without_our_metadata_is_refused_naming_what_is_missing()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.Path));
        onnx.MetadataProps.Clear();
        var path = System.IO.Path.Combine(model.Directory, "foreign.onnx");
        File.WriteAllBytes(path, onnx.ToByteArray());

        var error = Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(path));

        Assert.Contains("digits.producer", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_as_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => DigitClassifier.Load(System.IO.Path.Combine(model.Directory, "absent.onnx")));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_predictions_as_one_caller()
    {
        var (images, _) = MnistSamples.TestSet;
        var sample = images.Take(100).ToArray();
        using var classifier = DigitClassifier.Load(model.Path);
        var sequential = sample.Select(image => classifier.Predict(image).Probabilities.ToArray()).ToArray();

        var concurrent = new float[8][][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
            concurrent[worker] = sample.Select(image => classifier.Predict(image).Probabilities.ToArray()).ToArray());

        Assert.All(concurrent, results => Assert.Equal(sequential, results));
    }

    [Fact]
    public void A_disposed_classifier_refuses_to_predict()
    {
        var classifier = DigitClassifier.Load(model.Path);
        classifier.Dispose();
        classifier.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.Predict(new byte[784]));
    }

    private static float[] Softmax(float[] logits)
    {
        var exp = logits.Select(l => Math.Exp(l - logits.Max())).ToArray();
        return exp.Select(e => (float)(e / exp.Sum())).ToArray();
    }
}
