using System.Text.Json;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.Evaluation;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>What a <see cref="RobustnessReport"/> says, on numbers made by hand.</summary>
public sealed class RobustnessReportTests
{
    // Clean: 10 mistakes in 1,000 (error 1%). Fog: 100 (10%), stripe: 50 (5%), of which 20 pictures were blank.
    private static RobustnessReport HandMade(CorruptedInput input = CorruptedInput.Pictures) => new(
        "TinyNet",
        input,
        seed: 7,
        new CleanAccuracy(1_000, 990, 0),
        [new FamilyAccuracy(Corruption.Fog, 1_000, 900, 0, Unseen: false), new FamilyAccuracy(Corruption.Stripe, 1_000, 950, input == CorruptedInput.Pictures ? 20 : 0, Unseen: true)]);

    [Fact]
    public void The_relative_corruption_error_is_the_mean_error_over_the_clean_error()
    {
        var report = HandMade();

        Assert.Equal(0.925, report.MeanAccuracy, 12);
        Assert.Equal(0.075, report.MeanError, 12);
        Assert.Equal(7.5, report.RelativeCorruptionError!.Value, 9);
        Assert.Equal(10, report.RelativeError(report.Families[0])!.Value, 9);
        Assert.Equal(5, report.RelativeError(report.Families[1])!.Value, 9);
    }

    [Fact]
    public void Without_a_clean_mistake_the_relative_error_is_undefined()
    {
        var report = new RobustnessReport("Perfect", CorruptedInput.Samples, 0, new CleanAccuracy(10, 10, 0), [new FamilyAccuracy(Corruption.Fog, 10, 5, 0, false)]);

        Assert.Null(report.RelativeCorruptionError);
        Assert.Null(report.RelativeError(report.Families[0]));
        Assert.Contains("undefined, the clean error is 0", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_families_held_out_of_training_are_reported_apart()
    {
        var report = HandMade();

        var unseen = Assert.Single(report.UnseenFamilies);
        Assert.Equal(Corruption.Stripe, unseen.Corruption);
        Assert.Contains("stripe*", report.ToText(), StringComparison.Ordinal);
        Assert.Contains("* held out of training (unseen).", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_has_a_row_per_family_and_counts_no_digit_found_only_for_pictures()
    {
        var pictures = HandMade().ToText().Split('\n');
        var samples = HandMade(CorruptedInput.Samples).ToText();

        Assert.Equal("family          accuracy     error  rel. error  no digit", pictures[2]);
        Assert.Equal("clean            99.00 %    1.00 %        1.00         0", pictures[3]);
        Assert.Equal("fog              90.00 %   10.00 %       10.00         0", pictures[4]);
        Assert.Equal("stripe*          95.00 %    5.00 %        5.00        20", pictures[5]);
        Assert.Equal("mean             92.50 %    7.50 %        7.50        20", pictures[7]);
        Assert.Contains("Mean corruption error relative to clean: 7.50 (mean error 7.50 % / clean error 1.00 %).", pictures);
        Assert.DoesNotContain("no digit", samples, StringComparison.Ordinal);
    }

    [Fact]
    public void The_JSON_has_the_headline_figures_on_top_and_an_object_per_family()
    {
        using var json = JsonDocument.Parse(HandMade().ToJson());
        var root = json.RootElement;

        Assert.Equal("TinyNet", root.GetProperty("model").GetString());
        Assert.Equal("pictures", root.GetProperty("input").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(1_000, root.GetProperty("sampleCount").GetInt32());
        Assert.Equal(0.99, root.GetProperty("cleanAccuracy").GetDouble());
        Assert.Equal(0.925, root.GetProperty("meanAccuracy").GetDouble(), 12);
        Assert.Equal(7.5, root.GetProperty("relativeCorruptionError").GetDouble(), 9);
        Assert.Equal(0.95, root.GetProperty("unseenMeanAccuracy").GetDouble());
        Assert.Equal(["stripe"], root.GetProperty("unseen").EnumerateArray().Select(e => e.GetString()));
        var stripe = root.GetProperty("families")[1];
        Assert.Equal("stripe", stripe.GetProperty("name").GetString());
        Assert.Equal(950, stripe.GetProperty("correct").GetInt32());
        Assert.Equal(20, stripe.GetProperty("blank").GetInt32());
        Assert.True(stripe.GetProperty("unseen").GetBoolean());
        Assert.DoesNotContain('\n', HandMade().ToJson(indented: false));
    }

    [Fact]
    public void The_chart_is_a_PNG_of_the_size_asked_for()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("charts/robustness.png");

        HandMade().SaveChartPng(path, 900, 500);

        PngAssert.IsPicture(path, 900, 500);
        Assert.Equal([path], Directory.GetFiles(folder.File("charts")));
    }

    [Fact]
    public void Counts_that_do_not_add_up_are_refused()
    {
        var clean = new CleanAccuracy(100, 90, 0);

        Assert.Throws<ArgumentException>(() => new RobustnessReport("M", CorruptedInput.Samples, 0, clean, []));
        Assert.Throws<ArgumentException>(() => new RobustnessReport("M", CorruptedInput.Samples, 0, clean, [new FamilyAccuracy(Corruption.Fog, 50, 40, 0, false)]));
        Assert.Throws<ArgumentException>(() => new RobustnessReport("M", CorruptedInput.Samples, 0, clean, [new FamilyAccuracy(Corruption.Fog, 100, 90, 20, false)]));
        Assert.Throws<ArgumentException>(() => new RobustnessReport("M", CorruptedInput.Samples, 0, clean, [new FamilyAccuracy(Corruption.Fog, 100, 90, 0, false), new FamilyAccuracy(Corruption.Fog, 100, 80, 0, false)]));
    }
}
