using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// A saved training state: the weights, the optimizer's state, where the run was (epoch, batch), its seed and
/// history, and the network's name and architecture hash, in one file.
/// </summary>
/// <remarks>
/// <para>The file format (version 1), all integers little-endian:</para>
/// <list type="table">
/// <item><term>8 bytes</term><description>the ASCII magic <c>DIGITCKP</c>.</description></item>
/// <item><term>int32</term><description>the format version, 1.</description></item>
/// <item><term>int32 + bytes</term><description>the length and UTF-8 text of a JSON manifest: <c>network</c>, <c>architectureHash</c>,
/// <c>optimizer</c>, <c>seed</c>, <c>epoch</c> (completed epochs), <c>batchInEpoch</c> (completed batches of the next epoch when the
/// run stopped mid-epoch), <c>partialEpoch</c>, <c>epochs</c>, <c>savedAt</c>, <c>history</c> (one entry per epoch), <c>bestEpoch</c>, <c>dataset</c> (name, title, class names, image shape, mean, std, preprocessing and whether it is a catalog data set; absent in older files, which are taken as MNIST).</description></item>
/// <item><term>int64 + bytes</term><description>the weights: every parameter and buffer in TorchSharp's <c>Module.save</c> format.</description></item>
/// <item><term>int64 + bytes</term><description>the optimizer state in TorchSharp's <c>Optimizer.save_state_dict</c> format; empty for L-BFGS, whose state TorchSharp keeps in native code.</description></item>
/// <item><term>8 bytes</term><description>the ASCII end marker <c>DIGITEND</c>, so a truncated file is recognised as such.</description></item>
/// </list>
/// <para>Files are written to a temporary name in the same folder and renamed over the old file once flushed, so
/// a failure while saving leaves the previous checkpoint intact.</para>
/// </remarks>
/// <example>
/// <code>
/// var model = Checkpoint.Load&lt;MnistCnn&gt;("runs/cnn/best.ckpt");
/// var info = Checkpoint.Read("runs/cnn/last.ckpt");
/// Console.WriteLine($"{info.NetworkName} after {info.Epoch} epochs");
/// </code>
/// </example>
public sealed class Checkpoint
{
    /// <summary>The file name extension of checkpoints.</summary>
    public const string Extension = ".ckpt";

    internal const int FormatVersion = 1;

    private static readonly byte[] Magic = "DIGITCKP"u8.ToArray();
    private static readonly byte[] EndMarker = "DIGITEND"u8.ToArray();

    private readonly byte[] weights;
    private readonly byte[] optimizerState;

    private Checkpoint(string path, CheckpointManifest manifest, byte[] weights, int weightsOffset, byte[] optimizerState, int optimizerStateOffset)
    {
        Path = path;
        Manifest = manifest;
        Dataset = manifest.Dataset?.ToIdentity(path) ?? Datasets.Mnist.Identity with
        {
            Note = $"'{path}' was saved before checkpoints recorded their data set, so MNIST is assumed (classes 0 to 9, MNIST's normalisation and digit preprocessing); if it was trained on another data set, say which when exporting it (digits export --dataset, or OnnxExportOptions.Dataset).",
        };
        this.weights = weights;
        this.optimizerState = optimizerState;
        WeightsOffset = weightsOffset;
        OptimizerStateOffset = optimizerStateOffset;
    }

    /// <summary>The file the checkpoint was read from.</summary>
    public string Path { get; }

    /// <summary>The class name of the network the weights belong to.</summary>
    public string NetworkName => Manifest.Network;

    /// <summary>The architecture hash of that network (<see cref="NetworkArchitecture.Hash"/>).</summary>
    public string ArchitectureHash => Manifest.ArchitectureHash;

    /// <summary>The name of the optimizer, such as <c>AdamW</c>.</summary>
    public string OptimizerName => Manifest.Optimizer;

    /// <summary>The seed of the run.</summary>
    public int Seed => Manifest.Seed;

    /// <summary>The number of completed epochs.</summary>
    public int Epoch => Manifest.Epoch;

    /// <summary>How many batches of the following epoch were done when the run was stopped mid-epoch (cancelled); 0 at an epoch boundary.</summary>
    public int BatchInEpoch => Manifest.BatchInEpoch;

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset SavedAt => Manifest.SavedAt;

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => Manifest.History;

    /// <summary>
    /// The data set the network was trained on: classes, image shape, normalisation and preprocessing. For a checkpoint
    /// written before checkpoints recorded it, MNIST's, with a <see cref="DatasetIdentity.Note"/> saying it was assumed.
    /// </summary>
    public DatasetIdentity Dataset { get; }

    internal CheckpointManifest Manifest { get; }

    /// <summary>Where the weights section starts in the file, so damage found inside it is named by the file's offset too.</summary>
    internal int WeightsOffset { get; }

    /// <summary>Where the optimizer state section starts in the file.</summary>
    internal int OptimizerStateOffset { get; }

    /// <summary>The optimizer state section as it is in the file.</summary>
    internal ReadOnlySpan<byte> OptimizerStateBytes => optimizerState;

    /// <summary>Creates a network of type <typeparamref name="TNetwork"/> with the weights of a checkpoint, in evaluation mode.</summary>
    /// <typeparam name="TNetwork">The declared network the checkpoint was saved from.</typeparam>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The network, which the caller owns.</returns>
    /// <exception cref="CheckpointMismatchException">The checkpoint belongs to another architecture.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint or is damaged.</exception>
    public static TNetwork Load<TNetwork>(string path)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
    {
        var checkpoint = Read(path);
        Native.TorchRuntime.EnsureAvailable();
        var network = new TNetwork();
        try
        {
            checkpoint.LoadInto(network);
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Reads a checkpoint file (the manifest and the serialised tensors), without loading it into a network.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint or is damaged; the message names the offset.</exception>
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        var magic = Take(bytes, ref offset, Magic.Length, path, "the magic 'DIGITCKP'");
        if (!magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Digits.Sdk checkpoint: it does not start with 'DIGITCKP' (offset 0).");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(Take(bytes, ref offset, 4, path, "the format version"));
        if (version != FormatVersion)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is a checkpoint of format version {version}, but this version of Digits.Sdk reads version {FormatVersion} (offset 8)."));
        }

        var manifestLength = BinaryPrimitives.ReadInt32LittleEndian(Take(bytes, ref offset, 4, path, "the manifest length"));
        var manifestStart = offset;
        var manifestBytes = Take(bytes, ref offset, manifestLength, path, "the JSON manifest");
        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, CheckpointJsonContext.Default.CheckpointManifest)
                ?? throw new InvalidDataException($"'{path}' has an empty manifest at offset {manifestStart}.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has a damaged JSON manifest at offset {manifestStart}: {error.Message}"), error);
        }

        if (manifest.History.Any(epoch => epoch is null))
        {
            // Nullable annotations do not reach list elements, so a null epoch would only fail where the history is used.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has a damaged JSON manifest at offset {manifestStart}: its history holds a null epoch."));
        }

        var weights = TakeSection(bytes, ref offset, path, "the weights");
        var weightsOffset = offset - weights.Length;
        var optimizer = TakeSection(bytes, ref offset, path, "the optimizer state");
        var optimizerOffset = offset - optimizer.Length;
        var end = Take(bytes, ref offset, EndMarker.Length, path, "the end marker 'DIGITEND'");
        if (!end.SequenceEqual(EndMarker) || offset != bytes.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is damaged: expected the end marker 'DIGITEND' at offset {offset - EndMarker.Length} and then the end of the file ({bytes.Length} bytes)."));
        }

        return new Checkpoint(path, manifest, weights.ToArray(), weightsOffset, optimizer.ToArray(), optimizerOffset);
    }

    /// <summary>
    /// Loads the checkpoint's weights into <paramref name="network"/>, after checking that its architecture is the one
    /// the checkpoint was saved from, and records the checkpoint's <see cref="Dataset"/> for it (<see cref="NetworkDatasets"/>).
    /// </summary>
    /// <param name="network">A network of the same architecture.</param>
    /// <exception cref="CheckpointMismatchException">The network's architecture differs.</exception>
    /// <exception cref="InvalidDataException">The weights section is damaged (the network may then hold some of its weights).</exception>
    public void LoadInto(nn.Module<Tensor, Tensor> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Native.TorchRuntime.EnsureAvailable();
        var hash = NetworkIdentity.HashOf(network);
        if (hash != ArchitectureHash)
        {
            throw new CheckpointMismatchException(Path, NetworkName, ArchitectureHash, NetworkIdentity.NameOf(network), hash);
        }

        CheckpointWeights.Verify(weights, WeightsOffset, network, Path, NetworkName);
        using var reader = new BinaryReader(new MemoryStream(weights, writable: false));
        try
        {
            network.load(reader, strict: true);
        }
        catch (Exception error) when (error is ArgumentException or IOException or FormatException or OverflowException)
        {
            // TorchSharp's reader says what it tripped over in its own terms (a state name, the end of a stream); the user
            // needs to hear that the file's weights are damaged. The architecture hash matched, so nothing else explains it.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{Path}' is damaged: its weights section ({weights.Length} bytes) does not hold the weights of {NetworkName}: {error.Message}"), error);
        }

        NetworkDatasets.Record(network, Dataset);
    }

    /// <summary>Restores the optimizer's state (moments, momentum buffers, step counts) where TorchSharp can serialise it.</summary>
    internal void LoadOptimizerState(optim.Optimizer optimizer)
    {
        if (optimizerState.Length == 0 || optimizer is not OptimizerHelper helper)
        {
            return;
        }

        // Walked first: TorchSharp's reader allocates whatever ranks and sizes the section claims before comparing them.
        CheckpointOptimizerState.Verify(optimizerState, OptimizerStateOffset, helper, Path, NetworkName);
        using var reader = new BinaryReader(new MemoryStream(optimizerState, writable: false));
        try
        {
            helper.load_state_dict(reader);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException or IOException or FormatException or OverflowException)
        {
            // The walk accepted every field TorchSharp reads, so only a disagreement between the two about the format is left.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{Path}' is damaged: its optimizer state ({optimizerState.Length} bytes) cannot be read: {error.Message}"), error);
        }
    }

    /// <summary>Writes a checkpoint atomically (see the remarks on <see cref="Checkpoint"/>).</summary>
    internal static void Write(string path, CheckpointManifest manifest, nn.Module module, optim.Optimizer? optimizer, CheckpointStorage? storage = null)
    {
        // Serialise everything before touching the file system, so a failure here cannot even create a temporary file.
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, CheckpointJsonContext.Default.CheckpointManifest);
        var weights = new MemoryStream();
        using (var writer = new BinaryWriter(weights, Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        var optimizerState = new MemoryStream();
        if (optimizer is OptimizerHelper helper)
        {
            using var writer = new BinaryWriter(optimizerState, Encoding.UTF8, leaveOpen: true);
            helper.save_state_dict(writer);
        }

        (storage ?? CheckpointStorage.Default).WriteAtomically(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(manifestBytes.Length);
            writer.Write(manifestBytes);
            writer.Write(weights.Length);
            weights.Position = 0;
            writer.Flush();
            weights.CopyTo(stream);
            writer.Write(optimizerState.Length);
            writer.Flush();
            optimizerState.Position = 0;
            optimizerState.CopyTo(stream);
            writer.Write(EndMarker);
        });
    }

    private static ReadOnlySpan<byte> TakeSection(byte[] bytes, ref int offset, string path, string what)
    {
        var lengthOffset = offset;
        var length = BinaryPrimitives.ReadInt64LittleEndian(Take(bytes, ref offset, 8, path, $"the length of {what}"));
        if (length < 0 || length > bytes.Length - offset)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is truncated or damaged: {what} at offset {lengthOffset} claims {length} bytes, but only {bytes.Length - offset} follow."));
        }

        return Take(bytes, ref offset, (int)length, path, what);
    }

    private static ReadOnlySpan<byte> Take(byte[] bytes, ref int offset, int count, string path, string what)
    {
        if (count < 0 || count > bytes.Length - offset)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is truncated: expected {what} ({count} bytes) at offset {offset}, but the file has {bytes.Length} bytes."));
        }

        var span = bytes.AsSpan(offset, count);
        offset += count;
        return span;
    }
}
