using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Modeling;
using Digits.Sdk.Onnx;
using Digits.Sdk.Onnx.Protos;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Onnx;

public sealed class OnnxExporterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("digits-onnx-").FullName;

    [Fact]
    public void Batch_norm_after_a_convolution_or_linear_is_folded_by_default_and_kept_as_a_node_when_asked()
    {
        var cnn = TestNetworks.Create("Cnn");

        var folded = Export(cnn, ForMnist);
        var unfolded = Export(cnn, ForMnist with { FoldBatchNorm = false });

        Assert.DoesNotContain(folded.Graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Equal(3, unfolded.Graph.Node.Count(node => node.OpType == "BatchNormalization"));
    }

    [Fact]
    public void Batch_norm_that_follows_no_convolution_stays_a_node_even_when_folding()
    {
        var model = Export(TestNetworks.Create("Pooling"), ForMnist);

        var batchNorm = Assert.Single(model.Graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Equal("bn1.running_mean", batchNorm.Input[3]);
    }

    [Fact]
    public void The_model_has_a_symbolic_batch_input_and_logits_and_probabilities_outputs()
    {
        var model = Export(TestNetworks.Create("Cnn"), ForMnist);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(OnnxExportOptions.DefaultOpset, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("Digits.Sdk", model.ProducerName);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal(["N", "1", "28", "28"], Dimensions(input));
        Assert.Equal(["logits", "probabilities"], model.Graph.Output.Select(output => output.Name));
        Assert.All(model.Graph.Output, output => Assert.Equal(["N", "10"], Dimensions(output)));
        Assert.Equal("Softmax", model.Graph.Node.Single(node => node.Output.Contains("probabilities")).OpType);
    }

    [Fact]
    public void Without_probabilities_the_only_output_is_logits()
    {
        var model = Export(TestNetworks.Create("Mlp"), ForMnist with { IncludeProbabilities = false });

        Assert.Equal("logits", Assert.Single(model.Graph.Output).Name);
        Assert.Equal(["N", "784"], Dimensions(Assert.Single(model.Graph.Input)));
        Assert.DoesNotContain(model.Graph.Node, node => node.OpType == "Softmax");
    }

    [Fact]
    public void Dropout_is_left_out_and_every_weight_is_a_float_initializer()
    {
        var network = TestNetworks.Create("Cnn");
        var model = Export(network, ForMnist with { FoldBatchNorm = false });

        Assert.DoesNotContain(model.Graph.Node, node => node.OpType.StartsWith("Dropout", StringComparison.Ordinal));
        var parameters = network.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Subset(model.Graph.Initializer.Select(i => i.Name).ToHashSet(), parameters);
        Assert.All(model.Graph.Initializer, i => Assert.Equal((int)TensorProto.Types.DataType.Float, i.DataType));
    }

    [Fact]
    public void Every_layer_kind_is_exported_by_some_test_network()
    {
        // Guards the parity tests: a new LayerKind must get a test network before it ships.
        var covered = TestNetworks.Names.SelectMany(name => TestNetworks.Create(name).Architecture.Layers.Select(l => l.Kind)).ToHashSet();

        Assert.Equal(Enum.GetValues<LayerKind>().Order(), covered.Order());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(18)]
    public void An_unsupported_opset_is_refused_naming_the_supported_range(int opset)
    {
        var error = Assert.Throws<ArgumentException>(() => TestNetworks.Create("Mlp").ExportOnnx(PathFor("bad"), ForMnist with { Opset = opset }));

        Assert.Contains($"from {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public void Class_names_must_match_the_number_of_classes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TestNetworks.Create("Mlp").ExportOnnx(PathFor("bad"), ForMnist with { ClassNames = ["a", "b"] }));

        Assert.Contains("10 classes", error.Message);
    }

    [Fact]
    public void A_module_whose_submodules_are_not_named_after_its_layers_is_refused_and_no_file_is_left()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MisnamedNetwork().ExportOnnx(PathFor("misnamed"), ForMnist));

        Assert.Contains("fc1.weight", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public void Exporting_over_an_existing_file_replaces_it_and_leaves_no_temporary_file()
    {
        var path = PathFor("model");
        File.WriteAllText(path, "old");

        TestNetworks.Create("Mlp").ExportOnnx(path, ForMnist);

        Assert.Equal([path], Directory.EnumerateFileSystemEntries(directory));
        Assert.Equal(OnnxExporter.IrVersion, ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).IrVersion);
    }

    [Fact]
    public void A_network_that_records_no_data_set_is_refused_naming_the_option_that_says_which()
    {
        var error = Assert.Throws<ArgumentException>(() => TestNetworks.Create("Mlp").ExportOnnx(PathFor("unknown")));

        Assert.Contains("OnnxExportOptions.Dataset", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public void The_metadata_describes_the_data_set_the_network_records()
    {
        var network = TestNetworks.Create("Mlp");
        NetworkDatasets.Record(network, Datasets.FashionMnist.Identity);

        var metadata = Export(network, OnnxExportOptions.Default).MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("fashion-mnist", metadata["digits.dataset"]);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Datasets.FashionMnist.ClassNames), metadata["digits.class_names"]);
        Assert.Equal("[0.286]", metadata["digits.input_mean"]);
        Assert.Equal("[0.353]", metadata["digits.input_std"]);
        Assert.Equal("none", metadata["digits.preprocessing"]);
    }

    [Fact]
    public void Options_override_what_the_data_set_says_one_fact_at_a_time()
    {
        var network = TestNetworks.Create("Mlp");
        NetworkDatasets.Record(network, Datasets.Mnist.Identity);
        string[] names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

        var metadata = Export(network, new OnnxExportOptions { ClassNames = names, Preprocessing = ImagePreprocessing.None })
            .MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(names), metadata["digits.class_names"]);
        Assert.Equal("none", metadata["digits.preprocessing"]);
        Assert.Equal("[0.1307]", metadata["digits.input_mean"]);
        Assert.Equal("mnist", metadata["digits.dataset"]);
    }

    [Fact]
    public void A_missing_output_folder_is_created()
    {
        var path = Path.Combine(directory, "new", "folder", "model.onnx");

        TestNetworks.Create("Mlp").ExportOnnx(path, ForMnist);

        Assert.True(File.Exists(path));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static OnnxExportOptions ForMnist { get; } = new() { Dataset = Datasets.Mnist.Identity };

    private ModelProto Export(HandWrittenNetwork network, OnnxExportOptions options)
    {
        var path = PathFor(Guid.NewGuid().ToString("N"));
        network.ExportOnnx(path, options);
        return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
    }

    private string PathFor(string name) => Path.Combine(directory, name + ".onnx");

    private static string[] Dimensions(ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A module that breaks the naming convention: its layer is registered as "fc", its architecture says "fc1".</summary>
    private sealed class MisnamedNetwork : nn.Module<Tensor, Tensor>, INetwork
    {
        private readonly nn.Module<Tensor, Tensor> fc = nn.Linear(784, 10);

        public MisnamedNetwork()
            : base(nameof(MisnamedNetwork)) => RegisterComponents();

        public NetworkArchitecture Architecture { get; } = new(
            nameof(MisnamedNetwork),
            new TensorShape(784),
            10,
            [new LayerDescription("fc1", LayerKind.Linear, new LayerArguments { InputSize = 784, OutputSize = 10 }, new TensorShape(784), new TensorShape(10), 7850)]);

        public override Tensor forward(Tensor input) => fc.call(input);
    }
}
