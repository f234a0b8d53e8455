using Digits.Sdk.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Digits.Sdk.Generators.Tests;

/// <summary>One test per diagnostic: its ID, its message and the span it points at.</summary>
public sealed class DiagnosticsTests
{
    private const string Usings = "using Digits.Sdk.Modeling;\n";

    [Fact]
    public void DGT001_a_network_class_that_is_not_partial_is_reported_at_its_name()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, Linear(10)]
            public class [|Whole|] { }
            """,
            "DGT001",
            "The network 'Whole' must be declared partial so that the generator can add its layers");
    }

    [Fact]
    public void DGT002_a_network_without_layers_is_reported_at_its_network_attribute()
    {
        AssertSingle(
            """
            [[|Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)|]]
            public partial class Empty;
            """,
            "DGT002",
            "The network 'Empty' declares no layers; put layer attributes such as [Flatten, Linear(10)] on the class, in forward order");
    }

    [Fact]
    public void DGT003_a_nested_network_is_reported_as_unsupported()
    {
        AssertSingle(
            """
            public partial class Outer
            {
                [Network(InputShape = new[] { 4 }, Classes = 2)]
                [Linear(2)]
                public partial class [|Inner|];
            }
            """,
            "DGT003",
            "The network 'Inner' cannot be generated because it is nested in another type; declare networks at namespace level");
    }

    [Fact]
    public void DGT003_a_network_with_another_base_class_is_reported_as_unsupported()
    {
        AssertSingle(
            """
            public class Base { }

            [Network(InputShape = new[] { 4 }, Classes = 2)]
            [Linear(2)]
            public partial class [|Derived|] : Base;
            """,
            "DGT003",
            "The network 'Derived' cannot be generated because it derives from 'Base'; the generated network derives from Module<Tensor, Tensor>");
    }

    [Fact]
    public void DGT004_a_zero_dimension_in_the_input_shape_is_reported_at_the_network_attribute()
    {
        AssertSingle(
            """
            [[|Network(InputShape = new[] { 1, 0, 28 }, Classes = 10)|]]
            [Flatten, Linear(10)]
            public partial class Flat;
            """,
            "DGT004",
            "The InputShape of network 'Flat' is [1, 0, 28]; give one or more positive dimensions, e.g. InputShape = new[] { 1, 28, 28 }");
    }

    [Fact]
    public void DGT004_a_missing_input_shape_is_reported()
    {
        AssertSingle(
            """
            [[|Network(Classes = 10)|]]
            [Flatten, Linear(10)]
            public partial class Shapeless;
            """,
            "DGT004",
            "The InputShape of network 'Shapeless' is missing; give one or more positive dimensions, e.g. InputShape = new[] { 1, 28, 28 }");
    }

    [Fact]
    public void DGT005_a_missing_class_count_is_reported_at_the_network_attribute()
    {
        AssertSingle(
            """
            [[|Network(InputShape = new[] { 1, 28, 28 })|]]
            [Flatten, Linear(10)]
            public partial class Classless;
            """,
            "DGT005",
            "The Classes of network 'Classless' is missing; give the number of classes, at least 1, e.g. Classes = 10");
    }

    [Fact]
    public void DGT006_a_dropout_probability_of_one_or_more_is_reported_at_the_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, [|Dropout(1.0)|], Linear(10)]
            public partial class AllDropped;
            """,
            "DGT006",
            "Dropout 'dropout1': probability is 1; it must be at least 0 and less than 1");
    }

    [Fact]
    public void DGT006_a_conv2d_without_kernel_is_reported_at_the_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [[|Conv2d(8)|], Flatten, Linear(10)]
            public partial class NoKernel;
            """,
            "DGT006",
            "Conv2d 'conv1': Kernel is 0; it must be positive (set Kernel, or KernelHeight and KernelWidth)");
    }

    [Fact]
    public void DGT006_groups_that_do_not_divide_the_inferred_input_channels_are_reported()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 3, 28, 28 }, Classes = 10)]
            [[|Conv2d(8, Kernel = 3, Groups = 2)|], Flatten, Linear(10)]
            public partial class Grouped;
            """,
            "DGT006",
            "Conv2d 'conv1': Groups is 2; it must divide the 3 input channels");
    }

    [Fact]
    public void DGT007_an_image_into_a_linear_layer_without_flatten_is_reported_at_the_linear_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Conv2d(8, Kernel = 3), ReLU, [|Linear(10)|]]
            public partial class Unflattened;
            """,
            "DGT007",
            "Linear 'fc1' expects a vector [features] per sample but receives [8, 26, 26]; add Flatten before it");
    }

    [Fact]
    public void DGT007_a_vector_into_a_convolution_is_reported_at_the_convolution()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, [|Conv2d(8, Kernel = 3)|], Linear(10)]
            public partial class Backwards;
            """,
            "DGT007",
            "Conv2d 'conv1' expects an image [channels, height, width] per sample but receives [784]; declare convolutions, pooling and channel layers before Flatten, on an InputShape of [channels, height, width]");
    }

    [Fact]
    public void DGT007_batch_norm_1d_after_a_convolution_suggests_batch_norm_2d_before_flatten()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Conv2d(8, Kernel = 3), [|BatchNorm1d|], ReLU, Flatten, Linear(10)]
            public partial class Normalised;
            """,
            "DGT007",
            "BatchNorm1d 'bn1' expects a vector [features] per sample but receives [8, 26, 26]; use BatchNorm2d to normalise an image's channels, or add Flatten before it if a vector was meant");
    }

    [Fact]
    public void DGT007_batch_norm_2d_after_flatten_suggests_batch_norm_1d()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, Linear(64), [|BatchNorm2d|], ReLU, Linear(10)]
            public partial class Normalised;
            """,
            "DGT007",
            "BatchNorm2d 'bn1' expects an image [channels, height, width] per sample but receives [64]; use BatchNorm1d for vector samples, or declare convolutions, pooling and channel layers before Flatten, on an InputShape of [channels, height, width]");
    }

    [Fact]
    public void DGT007_channel_dropout_on_vectors_suggests_dropout()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 784 }, Classes = 10)]
            [[|Dropout2d(0.2)|], Linear(10)]
            public partial class Dropped;
            """,
            "DGT007",
            "Dropout2d 'dropout1' expects an image [channels, height, width] per sample but receives [784]; use Dropout for vector samples, or declare convolutions, pooling and channel layers before Flatten, on an InputShape of [channels, height, width]");
    }

    [Fact]
    public void DGT008_a_kernel_larger_than_its_input_is_reported_at_the_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 3, 3 }, Classes = 10)]
            [[|Conv2d(8, Kernel = 5)|], Flatten, Linear(10)]
            public partial class Tiny;
            """,
            "DGT008",
            "Conv2d 'conv1' turns [1, 3, 3] into [8, -1, -1], which has no elements; the kernel does not fit: use a smaller Kernel, Stride or Dilation, more Padding, or a larger input");
    }

    [Fact]
    public void DGT008_pooling_down_to_nothing_is_reported_at_the_pooling_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 4, 4 }, Classes = 10)]
            [MaxPool2d(2), MaxPool2d(2), [|MaxPool2d(2)|], Flatten, Linear(10)]
            public partial class Shrunk;
            """,
            "DGT008",
            "MaxPool2d 'pool3' turns [1, 1, 1] into [1, 0, 0], which has no elements; the window does not fit: use a smaller kernel or Stride, or remove a pooling layer before it");
    }

    [Fact]
    public void DGT009_a_last_layer_narrower_than_the_classes_is_reported_at_the_last_layer()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, Linear(64), ReLU, [|Linear(5)|]]
            public partial class Narrow;
            """,
            "DGT009",
            "The last layer of network 'Narrow' outputs [5] per sample, but Classes = 10; end the network with a layer of width 10, e.g. Linear(10)");
    }

    [Fact]
    public void DGT010_a_layer_on_another_partial_declaration_is_reported_there()
    {
        AssertSingle(
            """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Flatten, Linear(10)]
            public partial class Split;

            [[|ReLU|]]
            public partial class Split;
            """,
            "DGT010",
            "The layer attribute ReLU is on another declaration of 'Split'; put every layer on the declaration that carries [Network], in forward order");
    }

    [Fact]
    public void Every_wrong_argument_is_reported_in_one_build_and_only_throwing_members_are_generated()
    {
        var (result, _) = GeneratorRun.Run(Usings + """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Conv2d(0, Kernel = 3), Flatten, Dropout(-0.5), Linear(10, Bias = false), LeakyReLU(NegativeSlope = double.NaN)]
            public partial class ManyMistakes;
            """);

        Assert.Equal(["DGT006", "DGT006", "DGT006"], result.Diagnostics.Select(d => d.Id));
        var placeholder = GeneratorRun.SingleSource(result);
        Assert.Contains("its declaration has errors (DGT006)", placeholder, StringComparison.Ordinal);
        Assert.DoesNotContain("private readonly", placeholder, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_user_code_gets_compiler_errors_but_never_a_generator_failure()
    {
        var (result, output) = GeneratorRun.Run(Usings + """
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = Missing.Value)]
            [Flatten, Linear(UnknownConstant), NoSuchLayer, Dropout("high"), Conv2d]
            public partial class Broken;

            [Network(InputShape = null, Classes = 10)]
            [Linear(10)]
            public partial class NullShape;
            """);

        Assert.All(result.Diagnostics, diagnostic => Assert.StartsWith("DGT", diagnostic.Id));
        Assert.DoesNotContain(output.GetDiagnostics(), diagnostic => diagnostic.Id is "CS8784" or "CS8785");
        Assert.Contains(output.GetDiagnostics(), diagnostic => diagnostic.Id == "CS0103");
    }

    /// <summary>Runs the generator on a marked source and checks the one diagnostic it reports.</summary>
    private static void AssertSingle(string markedSource, string id, string message)
    {
        var source = MarkedSource.Parse(Usings + markedSource);
        var compilation = GeneratorRun.Compilation("Diagnosed", source.Text);
        var (result, _) = GeneratorRun.Run(compilation);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(compilation.SyntaxTrees.Single().FilePath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Equal($"https://digits-sdk.github.io/docs/articles/diagnostics.html#{id.ToLowerInvariant()}", diagnostic.Descriptor.HelpLinkUri);

        // No layers are generated for a declaration with errors, only members that throw naming the error.
        Assert.All(result.GeneratedSources, generated => Assert.Contains($"its declaration has errors ({id})", generated.SourceText.ToString(), StringComparison.Ordinal));
    }
}
