using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>Temperature scaling: the fit finds the temperature that made the labels, never moves a prediction, and says what it changed.</summary>
public sealed class TemperatureScalingTests
{
    [Theory]
    [InlineData(2.5)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void The_fit_recovers_the_temperature_the_labels_were_drawn_with(double truth)
    {
        // Labels drawn from softmax(z / T): the likelihood is highest at T, so the fit lands near it.
        var (logits, labels) = Synthetic(seed: 11, samples: 20_000, classes: 10, temperature: truth);

        var fit = TemperatureScaling.Fit(logits, labels, 10);

        Assert.InRange(fit.Temperature, truth * 0.95, truth * 1.05);
        Assert.True(fit.NegativeLogLikelihoodAfter <= fit.NegativeLogLikelihoodBefore);
        Assert.Equal(20_000, fit.SampleCount);
    }

    [Fact]
    public void An_over_confident_model_is_softened_and_its_calibration_error_falls()
    {
        // Scores three times too sharp for how the labels were drawn.
        var (logits, labels) = Synthetic(seed: 12, samples: 10_000, classes: 10, temperature: 3);

        var fit = TemperatureScaling.Fit(logits, labels, 10);

        Assert.True(fit.Temperature > 2.5, $"T = {fit.Temperature}");
        Assert.True(fit.ExpectedCalibrationErrorAfter < fit.ExpectedCalibrationErrorBefore / 4, $"ECE {fit.ExpectedCalibrationErrorBefore:P2} → {fit.ExpectedCalibrationErrorAfter:P2}");
        Assert.True(fit.ExpectedCalibrationErrorAfter < 0.02, $"ECE after {fit.ExpectedCalibrationErrorAfter:P2}");
    }

    [Fact]
    public void A_set_without_mistakes_stops_at_the_lowest_temperature_instead_of_running_off_to_zero()
    {
        // Margins of 0.1: sharpening keeps paying off well past T = 0.05, where the fit must stop.
        float[] logits = [0.1f, 0, 0, 0.1f, 0.1f, 0];
        int[] labels = [0, 1, 0];

        var fit = TemperatureScaling.Fit(logits, labels, 2);

        Assert.Equal(TemperatureScaling.MinimumTemperature, fit.Temperature, 9);
    }

    [Fact]
    public void Fitting_the_temperature_never_changes_which_class_is_predicted()
    {
        var (logits, labels) = Synthetic(seed: 13, samples: 2_000, classes: 10, temperature: 4);
        var fit = TemperatureScaling.Fit(logits, labels, 10);
        Span<double> before = stackalloc double[10];
        Span<double> after = stackalloc double[10];

        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.AsSpan(i * 10, 10);
            TemperatureScaling.Softmax(row, 1, before);
            TemperatureScaling.Softmax(row, 1 / fit.Temperature, after);
            Assert.Equal(ArgMax(before), ArgMax(after));
        }
    }

    [Fact]
    public void Bad_input_is_refused_with_what_is_wrong()
    {
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([], [], 10)).Message, StringComparison.Ordinal);
        Assert.Contains("Expected 2 x 3 = 6 logits", Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([1, 2, 3], [0, 1], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("Label 5 at index 1", Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([1, 2, 3, 4], [0, 5], 2)).Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([1, float.NaN], [0], 2)).Message, StringComparison.Ordinal);
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static (float[] Logits, int[] Labels) Synthetic(int seed, int samples, int classes, double temperature)
    {
        var random = new Random(seed);
        var logits = new float[samples * classes];
        var labels = new int[samples];
        Span<double> p = stackalloc double[classes];
        for (var i = 0; i < samples; i++)
        {
            var row = logits.AsSpan(i * classes, classes);
            var favourite = random.Next(classes);
            for (var c = 0; c < classes; c++)
            {
                row[c] = (float)((random.NextDouble() * 3) + (c == favourite ? 6 * random.NextDouble() : 0));
            }

            TemperatureScaling.Softmax(row, 1 / temperature, p);
            var draw = random.NextDouble();
            var label = classes - 1;
            for (var c = 0; c < classes; c++)
            {
                draw -= p[c];
                if (draw < 0)
                {
                    label = c;
                    break;
                }
            }

            labels[i] = label;
        }

        return (logits, labels);
    }
}
