using Digits.Sdk.Modeling;
using Digits.Sdk.Models;

namespace Digits.Sdk.Tests.Modeling;

public sealed class NetworkSummaryTests
{
    private static readonly NetworkArchitecture Cnn = new(
        "SmallCnn",
        new TensorShape(1, 28, 28),
        10,
        [
            new("conv1", LayerKind.Conv2d, new LayerArguments { InputSize = 1, OutputSize = 8 }, new TensorShape(1, 28, 28), new TensorShape(8, 26, 26), 80),
            new("flatten1", LayerKind.Flatten, new LayerArguments(), new TensorShape(8, 26, 26), new TensorShape(5408), 0),
            new("fc1", LayerKind.Linear, new LayerArguments { InputSize = 5408, OutputSize = 10 }, new TensorShape(5408), new TensorShape(10), 54_090),
        ]);

    [Fact]
    public void The_summary_lists_each_layer_with_its_kind_output_shape_and_parameters()
    {
        var lines = Cnn.Summary().Split('\n');

        Assert.Equal("Network: SmallCnn", lines[0]);
        Assert.Matches(@"^conv1\s+Conv2d\s+\[8, 26, 26\]\s+80$", lines[4]);
        Assert.Matches(@"^flatten1\s+Flatten\s+\[5408\]\s+0$", lines[5]);
        Assert.Matches(@"^fc1\s+Linear\s+\[10\]\s+54,090$", lines[6]);
        Assert.Contains("Total parameters: 54,170", lines);
        Assert.Contains("Input: [1, 28, 28], output: [10], classes: 10", lines);
    }

    [Fact]
    public void The_summary_columns_line_up()
    {
        var lines = Cnn.Summary().Split('\n');
        var table = lines[1..8];

        // Header, rule, input row, three layers, closing rule: all as wide as the rule, parameters right-aligned.
        Assert.All(table, line => Assert.Equal(lines[2].Length, line.Length));
        var kindColumn = lines[1].IndexOf("Kind", StringComparison.Ordinal);
        Assert.All(lines[3..7], line => Assert.NotEqual(' ', line[kindColumn]));
    }

    [Fact]
    public void A_generated_network_summarises_its_own_architecture()
    {
        using var network = new LogisticRegression();

        Assert.Equal(LogisticRegression.Architecture.Summary(), network.Summary());
        Assert.Contains("Total parameters: 7,850", network.Summary());
    }
}
