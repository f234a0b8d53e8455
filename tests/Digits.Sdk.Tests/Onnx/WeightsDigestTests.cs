using System.Diagnostics;
using System.Text.RegularExpressions;
using Digits.Sdk.Contract;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Onnx.Protos;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Onnx;

/// <summary>
/// Issue 16, finding 2: an exported model with 64 bytes flipped in its weights called every digit "1" at confidence
/// 1.0000. The exporter records a digest of the weights and <see cref="DigitClassifier"/> checks it on load.
/// </summary>
public sealed partial class WeightsDigestTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public void An_exported_model_records_the_digest_of_its_weights_in_its_metadata()
    {
        var bytes = File.ReadAllBytes(model.Path);
        var metadata = ModelProto.Parser.ParseFrom(bytes).MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        using var classifier = DigitClassifier.Load(model.Path);

        Assert.Matches("^[0-9a-f]{64}$", metadata["digits.weights_sha256"]);
        Assert.Equal(OnnxWeightsDigest.Compute(bytes), metadata["digits.weights_sha256"]);
        Assert.Equal(metadata["digits.weights_sha256"], classifier.Metadata.WeightsDigest);
    }

    [Fact]
    public void A_model_with_64_bytes_flipped_in_its_weights_is_refused_naming_the_file()
    {
        var path = System.IO.Path.Combine(model.Directory, "flipped.onnx");
        File.WriteAllBytes(path, OnnxInitializers.FlipWeights(File.ReadAllBytes(model.Path), 64));

        // The damage the finding describes: still a valid model to ONNX Runtime, which runs it without complaint.
        using (var session = new InferenceSession(path))
        {
            Assert.Contains("logits", session.OutputNames);
        }

        var error = Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(path));

        Assert.Contains($"'{path}'", error.Message);
        Assert.Contains("damaged weights", error.Message);
        Assert.Contains("digits.weights_sha256", error.Message);
    }

    [Fact]
    public void A_model_without_the_digest_loads_and_says_its_weights_were_not_checked()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.Path));
        var digest = onnx.MetadataProps.Single(p => p.Key == "digits.weights_sha256");
        onnx.MetadataProps.Remove(digest);
        var path = System.IO.Path.Combine(model.Directory, "no-digest.onnx");
        File.WriteAllBytes(path, onnx.ToByteArray());

        using var classifier = DigitClassifier.Load(path);
        using var checkedOne = DigitClassifier.Load(model.Path);

        Assert.Null(classifier.Metadata.WeightsDigest);
        var image = MnistSamples.TestSet.Images[0];
        Assert.Equal(checkedOne.Predict(image).Probabilities, classifier.Predict(image).Probabilities);
    }

    [Fact]
    public void A_malformed_digest_is_refused_rather_than_taken_for_no_digest()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.Path));
        onnx.MetadataProps.Single(p => p.Key == "digits.weights_sha256").Value = "not-a-digest";
        var path = System.IO.Path.Combine(model.Directory, "malformed-digest.onnx");
        File.WriteAllBytes(path, onnx.ToByteArray());

        var error = Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(path));

        Assert.Contains("'not-a-digest'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void An_ensemble_records_the_digest_of_all_its_members_weights()
    {
        var members = new List<nn.Module<Tensor, Tensor>> { TrainedNetworks.Get("Cnn") };
        manual_seed(3);
        var untrained = TestNetworks.Create("Cnn");
        untrained.eval();
        NetworkDatasets.Record(untrained, Datasets.Mnist.Identity);
        members.Add(untrained);
        var path = System.IO.Path.Combine(model.Directory, "ensemble.onnx");
        OnnxExporter.ExportEnsemble(members, path);
        var bytes = File.ReadAllBytes(path);

        using (var classifier = DigitClassifier.Load(path))
        {
            Assert.Equal(OnnxWeightsDigest.Compute(bytes), classifier.Metadata.WeightsDigest);
        }

        // The second member's weights, and the ensemble's own constant, are covered as much as the first member's.
        var second = OnnxInitializers.Locate(bytes).Where(i => i.Name.StartsWith("member1/", StringComparison.Ordinal)).MaxBy(i => i.RawDataLength)!;
        var damaged = bytes.ToArray();
        damaged[second.RawDataStart + 5] ^= 0x10;
        var damagedPath = System.IO.Path.Combine(model.Directory, "ensemble-damaged.onnx");
        File.WriteAllBytes(damagedPath, damaged);
        Assert.Contains("damaged weights", Assert.Throws<InvalidDataException>(() => DigitClassifier.Load(damagedPath)).Message);
    }

    [Fact]
    public void The_digest_does_not_depend_on_how_protobuf_encodes_the_same_weights()
    {
        // The same tensors, written with packed and unpacked lists, fields in another order and a field repeated:
        // protobuf readers see the same initializers, so the digest is the same.
        var tensor = new TensorProto { Name = "w", DataType = 1, RawData = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8) };
        tensor.Dims.Add([2]);
        var floats = new TensorProto { Name = "f", DataType = 1 };
        floats.FloatData.Add([0.5f, -2f]);
        floats.Dims.Add([2]);
        var canonical = new ModelProto { Graph = new GraphProto { Initializer = { tensor, floats } } }.ToByteArray();

        using var reordered = new MemoryStream();
        var output = new CodedOutputStream(reordered);
        output.WriteTag(7, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Graph(
            Message(w =>
            {
                w.WriteTag(9, WireFormat.WireType.LengthDelimited);
                w.WriteBytes(ByteString.CopyFrom(9, 9));   // a raw_data the later one replaces
                w.WriteTag(1, WireFormat.WireType.Varint);   // dims unpacked
                w.WriteInt64(2);
                w.WriteTag(9, WireFormat.WireType.LengthDelimited);
                w.WriteBytes(ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8));
                w.WriteTag(2, WireFormat.WireType.Varint);
                w.WriteInt32(1);
                w.WriteTag(8, WireFormat.WireType.LengthDelimited);
                w.WriteString("w");
            }),
            Message(w =>
            {
                w.WriteTag(8, WireFormat.WireType.LengthDelimited);
                w.WriteString("f");
                w.WriteTag(4, WireFormat.WireType.Fixed32);  // float_data unpacked
                w.WriteFloat(0.5f);
                w.WriteTag(2, WireFormat.WireType.Varint);
                w.WriteInt32(1);
                w.WriteTag(4, WireFormat.WireType.Fixed32);
                w.WriteFloat(-2f);
                w.WriteTag(1, WireFormat.WireType.LengthDelimited);  // dims packed
                w.WriteBytes(ByteString.CopyFrom(2));
            }))));
        output.Flush();

        Assert.Equal(OnnxWeightsDigest.Compute(canonical), OnnxWeightsDigest.Compute(reordered.ToArray()));
        Assert.NotEqual(OnnxWeightsDigest.Compute(canonical), OnnxWeightsDigest.Compute(new ModelProto { Graph = new GraphProto { Initializer = { floats, tensor } } }.ToByteArray()));
    }

    [Fact]
    public async Task The_digest_of_the_docs_Python_recipe_is_the_one_the_SDK_records()
    {
        // docs/articles/onnx.md gives the canonical form as Python for readers in other languages; run it as written.
        var article = File.ReadAllText(System.IO.Path.Combine(BuildEnvironment.RepositoryRoot, "docs", "articles", "onnx.md"));
        var recipe = PythonBlocks().Matches(article).Select(m => m.Groups[1].Value).Single(code => code.Contains("def weights_sha256", StringComparison.Ordinal));

        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(recipe);
        start.ArgumentList.Add(model.Path);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, error);
        using var classifier = DigitClassifier.Load(model.Path);
        Assert.Equal($"weights intact: {classifier.Metadata.WeightsDigest}", (await output).Trim());
    }

    [Fact]
    public void Recording_the_digest_of_an_older_model_appends_it_and_leaves_every_byte_before_it_as_it_was()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.Path));
        onnx.MetadataProps.Remove(onnx.MetadataProps.Single(p => p.Key == "digits.weights_sha256"));
        var path = System.IO.Path.Combine(model.Directory, "older.onnx");
        var older = onnx.ToByteArray();
        File.WriteAllBytes(path, older);

        var added = OnnxExporter.RecordWeightsDigest(path);
        var stamped = File.ReadAllBytes(path);
        var again = OnnxExporter.RecordWeightsDigest(path);

        Assert.True(added);
        Assert.False(again);
        Assert.Equal(older, stamped[..older.Length]);
        Assert.Equal(stamped, File.ReadAllBytes(path));
        using var classifier = DigitClassifier.Load(path);
        Assert.Equal(OnnxWeightsDigest.Compute(older), classifier.Metadata.WeightsDigest);
        Assert.Single(Directory.GetFiles(model.Directory, "*older*"));
    }

    [Fact]
    public void Recording_a_digest_refuses_a_model_whose_recorded_digest_its_weights_do_not_match()
    {
        var path = System.IO.Path.Combine(model.Directory, "stamped-damaged.onnx");
        File.WriteAllBytes(path, OnnxInitializers.FlipWeights(File.ReadAllBytes(model.Path), 8));

        var error = Assert.Throws<InvalidDataException>(() => OnnxExporter.RecordWeightsDigest(path));

        Assert.Contains("damaged weights", error.Message);
    }

    [Fact]
    public void Recording_a_digest_refuses_a_model_Digits_Sdk_did_not_export()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model.Path));
        onnx.MetadataProps.Clear();
        var path = System.IO.Path.Combine(model.Directory, "foreign-model.onnx");
        File.WriteAllBytes(path, onnx.ToByteArray());

        var error = Assert.Throws<InvalidDataException>(() => OnnxExporter.RecordWeightsDigest(path));

        Assert.Contains("not exported by Digits.Sdk", error.Message);
        Assert.Equal(onnx.ToByteArray(), File.ReadAllBytes(path));
    }

    [GeneratedRegex("```python\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlocks();

    private static byte[] Graph(params byte[][] initializers)
    {
        using var graph = new MemoryStream();
        var output = new CodedOutputStream(graph);
        foreach (var initializer in initializers)
        {
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(initializer));
        }

        output.Flush();
        return graph.ToArray();
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var message = new MemoryStream();
        var output = new CodedOutputStream(message);
        write(output);
        output.Flush();
        return message.ToArray();
    }
}
