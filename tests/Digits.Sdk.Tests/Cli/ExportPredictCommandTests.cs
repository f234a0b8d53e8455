using System.Text.Json;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Cli;

public sealed class ExportPredictCommandTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Train_export_and_predict_work_end_to_end_from_the_command_line()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = folder.File("lr.ckpt");
        var model = folder.File("lr.onnx");
        var train = DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--epochs", "1", "--out", checkpoint, "--json");
        Assert.True(train.ExitCode == 0, train.StandardError);

        var export = DigitsTool.Run("export", checkpoint, "--onnx", model, "--json");

        Assert.True(export.ExitCode == 0, export.StandardError);
        using (var exported = JsonDocument.Parse(export.StandardOutput))
        {
            Assert.Equal("LogisticRegression", exported.RootElement.GetProperty("network").GetString());
            Assert.Equal(17, exported.RootElement.GetProperty("opset").GetInt32());
        }

        OnnxChecker.Check(model);
        using (var classifier = DigitClassifier.Load(model))
        {
            Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], classifier.Metadata.ClassNames);
        }

        // Pictures of test digits 0..4 as a user would take them: large, dark on light, PNG.
        var (images, labels) = MnistSamples.TestSet;
        var pictures = Enumerable.Range(0, 5).Select(i =>
        {
            var path = folder.File($"digit{i}.png");
            File.WriteAllBytes(path, DigitImages.Render(images[i], SKEncodedImageFormat.Png, darkOnLight: true, i));
            return path;
        }).ToArray();
        var predict = DigitsTool.Run(["predict", model, .. pictures]);

        Assert.True(predict.ExitCode == 0, predict.StandardError);
        // Not a terminal: one plain line per picture, "image<TAB>label<TAB>class<TAB>confidence".
        var lines = predict.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(pictures, lines.Select(l => l[0]));
        var correct = lines.Where((line, i) => line[1] == labels[i].ToString(System.Globalization.CultureInfo.InvariantCulture)).Count();
        Assert.True(correct >= 4, $"Expected at least 4 of the 5 digits {string.Join(",", labels.Take(5))} recognised:\n{predict.StandardOutput}");
    }

    [Fact]
    public void Exporting_a_missing_checkpoint_fails_with_one_line_naming_it()
    {
        using var folder = new TemporaryFolder();

        var result = DigitsTool.Run("export", folder.File("nothing.ckpt"), "--onnx", folder.File("out.onnx"));

        Assert.Contains("nothing.ckpt", CliErrors.AssertOneLine(result), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.onnx")));
    }

    [Fact]
    public void Exporting_a_damaged_checkpoint_is_the_SDKs_message_on_one_line()
    {
        using var folder = new TemporaryFolder();
        var broken = folder.File("broken.ckpt");
        File.WriteAllBytes(broken, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0]);

        var result = DigitsTool.Run("export", broken, "--onnx", folder.File("out.onnx"));

        Assert.Contains("broken.ckpt", CliErrors.AssertOneLine(result), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.onnx")));
    }

    [Fact]
    public void Export_without_a_destination_is_refused()
    {
        var result = DigitsTool.Run("export", "lr.ckpt");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--onnx", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predicting_with_a_file_that_is_not_an_ONNX_model_fails_with_one_line_naming_it()
    {
        using var folder = new TemporaryFolder();
        var notAModel = folder.File("notes.onnx");
        File.WriteAllText(notAModel, "these are notes, not a model");

        var result = DigitsTool.Run("predict", notAModel, folder.File("seven.png"));

        Assert.Contains("notes.onnx", CliErrors.AssertOneLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_with_pretrained_reads_every_argument_as_a_picture_with_the_built_in_model()
    {
        using var folder = new TemporaryFolder();
        var seven = folder.File("seven.png");
        var two = folder.File("two.png");
        File.WriteAllBytes(seven, DigitImages.Render(MnistSamples.TestSet.Images[0], SKEncodedImageFormat.Png, darkOnLight: true, 0));
        File.WriteAllBytes(two, DigitImages.Render(MnistSamples.TestSet.Images[1], SKEncodedImageFormat.Png, darkOnLight: true, 0));

        var run = DigitsTool.Run("predict", "--pretrained", seven, two);

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{seven}\t7\t7\t", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{two}\t2\t2\t", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.onnx", "digits predict model.onnx seven.png")]
    [InlineData("seven.png", "digits predict --pretrained seven.png")]
    public void A_model_without_pictures_is_one_line_saying_what_to_add(string argument, string suggestion)
    {
        Assert.Contains(suggestion, CliErrors.AssertOneLine(DigitsTool.Run("predict", argument)), StringComparison.Ordinal);
    }
}
