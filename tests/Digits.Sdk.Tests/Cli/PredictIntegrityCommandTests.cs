using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// Issue 16, findings 2 to 4 from the command line: a model with damaged weights, a picture cut short and a blank
/// picture each get a clear answer instead of a confident wrong one.
/// </summary>
public sealed class PredictIntegrityCommandTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    private static readonly string Pretrained = Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Sdk.Inference", "models", "digits-pretrained.onnx");

    [Fact]
    public void Predicting_with_a_model_whose_weights_have_64_bytes_flipped_fails_in_one_line_naming_it()
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("damaged.onnx");
        File.WriteAllBytes(damaged, OnnxInitializers.FlipWeights(File.ReadAllBytes(model.Path), 64));
        var seven = folder.File("seven.png");
        File.WriteAllBytes(seven, DigitImages.StoredPng(MnistSamples.TestSet.Images[0]));

        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", damaged, seven));

        Assert.Contains($"'{damaged}' has damaged weights", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_a_model_whose_weights_have_64_bytes_flipped_fails_in_one_line_naming_it()
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("damaged.onnx");
        File.WriteAllBytes(damaged, OnnxInitializers.FlipWeights(File.ReadAllBytes(model.Path), 64));

        var line = CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", damaged, "--urls", "http://127.0.0.1:0"));

        Assert.Contains($"'{damaged}' has damaged weights", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_cut_to_its_first_200_bytes_is_one_error_line_naming_it_and_exit_code_1()
    {
        using var folder = new TemporaryFolder();
        var cut = folder.File("cut.png");
        File.WriteAllBytes(cut, DigitImages.Render(MnistSamples.TestSet.Images[0], SKEncodedImageFormat.Png, darkOnLight: true, 0)[..200]);

        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", Pretrained, cut));

        Assert.Contains($"'{cut}' is a PNG picture cut short after 200 bytes", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Split(cut).Length - 1);
    }

    [Fact]
    public void A_blank_picture_is_no_digit_found_beside_the_others_labels_with_exit_code_0()
    {
        using var folder = new TemporaryFolder();
        var blank = folder.File("blank.png");
        using (var white = new SKBitmap(200, 200))
        {
            white.Erase(SKColors.White);
            using var png = white.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(blank, png.ToArray());
        }

        var seven = folder.File("seven.png");
        File.WriteAllBytes(seven, DigitImages.Render(MnistSamples.TestSet.Images[0], SKEncodedImageFormat.Png, darkOnLight: true, 0));

        var plain = DigitsTool.Run("predict", Pretrained, blank, seven);
        var json = DigitsTool.Run("predict", Pretrained, blank, seven, "--json");

        Assert.True(plain.ExitCode == 0, plain.Output);
        var lines = plain.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"{blank}\t-\tno digit found\t-", lines[0]);
        Assert.StartsWith($"{seven}\t7\t7\t", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, plain.StandardError.Trim());

        Assert.True(json.ExitCode == 0, json.Output);
        using var answer = JsonDocument.Parse(json.StandardOutput);
        var (first, second) = (answer.RootElement[0], answer.RootElement[1]);
        Assert.True(first.GetProperty("blank").GetBoolean());
        Assert.Equal("no_digit_found", first.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("label").ValueKind);
        Assert.False(second.GetProperty("blank").GetBoolean());
        Assert.Equal("digit", second.GetProperty("verdict").GetString());
        Assert.Equal(7, second.GetProperty("label").GetInt32());
    }


    [Fact]
    public void A_mark_below_the_threshold_is_printed_not_a_digit_with_its_confidence_and_the_json_keeps_the_guess()
    {
        using var folder = new TemporaryFolder();
        var seven = folder.File("seven.png");
        File.WriteAllBytes(seven, DigitImages.Render(MnistSamples.TestSet.Images[0], SKEncodedImageFormat.Png, darkOnLight: true, 0));

        // Nothing is sure enough for a threshold of 1, so even a clear seven is refused.
        var plain = DigitsTool.Run("predict", Pretrained, seven, "--not-a-digit-below", "1");
        var json = DigitsTool.Run("predict", Pretrained, seven, "--not-a-digit-below", "1", "--json");
        var off = DigitsTool.Run("predict", Pretrained, seven, "--not-a-digit-below", "0");

        Assert.True(plain.ExitCode == 0, plain.Output);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(seven)}\t-\tnot a digit\t0\.\d{{4}}$", plain.StandardOutput.Trim());
        using var answer = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("not_a_digit", answer.RootElement[0].GetProperty("verdict").GetString());
        Assert.Equal(7, answer.RootElement[0].GetProperty("label").GetInt32());
        Assert.StartsWith($"{seven}\t7\t7\t", off.StandardOutput.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_threshold_that_is_not_a_confidence_is_one_error_line()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", Pretrained, "seven.png", "--not-a-digit-below", "1.5"));

        Assert.Contains("--not-a-digit-below 1.5 is a confidence", line, StringComparison.Ordinal);
    }
}
