using System.Buffers;
using System.Globalization;
using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// Checks a checkpoint's optimizer state section against the optimizer it is about to be restored into, before
/// TorchSharp reads it.
/// </summary>
/// <remarks>
/// <para>The section is TorchSharp's <c>Optimizer.save_state_dict</c> format: the optimizer's type name (a
/// 7-bit-length-prefixed UTF-8 string), the number of parameter groups and of per-parameter states (LEB128 each), each
/// group's options, then each parameter's state in <c>parameters()</c> order. The options are the initial and current
/// learning rates (doubles) followed by the optimizer's own: for Adam and AdamW beta1, beta2, eps and the weight decay
/// (doubles), amsgrad and maximize (booleans); for SGD the momentum, dampening and weight decay (doubles), nesterov and
/// maximize (booleans). A state is, for Adam and AdamW, the step count (int64), the two moment tensors, and a boolean
/// saying whether the amsgrad maximum tensor follows; for SGD a boolean saying whether the momentum buffer follows.
/// Every tensor has its parameter's scalar type and shape, so the walk knows all but the elements in advance.</para>
/// <para>Why before TorchSharp: its reader believes the rank it reads and allocates that many sizes first (found by
/// fuzzing: a rank of 2^28 in a moment tensor of a 1 KB file allocated 2 GB), and reports damage as its own
/// exceptions. The walk also refuses what TorchSharp would take silently: a boolean byte other than 0 or 1, a
/// learning rate or beta that is not a finite number, a negative step count.</para>
/// <para>L-BFGS has no managed state in TorchSharp 0.107 (its section is empty), so there is nothing to walk.</para>
/// </remarks>
internal static class CheckpointOptimizerState
{
    private static readonly SearchValues<byte> IdentifierBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"u8);

    /// <summary>
    /// Checks that <paramref name="section"/> holds a state that <paramref name="optimizer"/> can restore, field by field.
    /// </summary>
    /// <exception cref="ResumeMismatchException">The state was saved by another kind of optimizer.</exception>
    /// <exception cref="InvalidDataException">The section is damaged; the message names the byte and what was expected there.</exception>
    public static void Verify(ReadOnlySpan<byte> section, int sectionOffset, OptimizerHelper optimizer, string path, string networkName)
    {
        var kind = optimizer.GetType().Name;
        var layout = Layout.Of(optimizer);
        var cursor = new CheckpointSectionCursor(section, (offset, expected) => new InvalidDataException(string.Create(
            CultureInfo.InvariantCulture,
            $"'{path}' is damaged: its optimizer state section does not hold the state of {kind} for {networkName}: expected {expected} at byte {offset} of the section (offset {sectionOffset + offset} of the file).")));

        var savedBy = ReadTypeName(ref cursor);
        if (savedBy != kind)
        {
            throw new ResumeMismatchException(path, $"The optimizer state in '{path}' was saved by {savedBy} and does not fit this run's optimizer, {kind}. Resume with the same optimizer.");
        }

        // The network's architecture matched and the SDK builds every optimizer over all of its parameters in one group,
        // so other counts for the same kind of optimizer can only come from damage.
        var groups = optimizer.state_dict().Options.Count;
        var parameters = optimizer.parameters().ToList();
        cursor.Expect(groups, string.Create(CultureInfo.InvariantCulture, $"the number of parameter groups ({groups})"));
        cursor.Expect(parameters.Count, string.Create(CultureInfo.InvariantCulture, $"the number of parameter states ({parameters.Count})"));
        for (var group = 0; group < groups; group++)
        {
            var of = string.Create(CultureInfo.InvariantCulture, $" of parameter group {group}");
            cursor.ReadFiniteDouble("the initial learning rate" + of);
            cursor.ReadFiniteDouble("the learning rate" + of);
            foreach (var option in layout.Doubles)
            {
                cursor.ReadFiniteDouble(option + of);
            }

            foreach (var option in layout.Booleans)
            {
                cursor.ReadBoolean(option + of);
            }
        }

        for (var index = 0; index < parameters.Count; index++)
        {
            var parameter = parameters[index];
            var of = string.Create(CultureInfo.InvariantCulture, $" of parameter {index}");
            if (layout.HasStep)
            {
                cursor.ReadCount("the step count" + of);
            }

            foreach (var tensor in layout.Tensors)
            {
                cursor.SkipTensorLike(parameter, tensor + of);
            }

            if (cursor.ReadBoolean($"whether {layout.OptionalTensor}{of} follows"))
            {
                cursor.SkipTensorLike(parameter, layout.OptionalTensor + of);
            }
        }

        cursor.ExpectEnd();
    }

    /// <summary>The type name <c>BinaryWriter.Write(string)</c> wrote: a .NET identifier, or the section is damaged.</summary>
    private static string ReadTypeName(ref CheckpointSectionCursor cursor)
    {
        const string What = "the optimizer's type name";
        var start = cursor.At;
        var length = cursor.ReadNumber($"the length of {What}");
        if (length is < 1 or > 1024)
        {
            throw cursor.Damaged(start, $"the length of {What} (1 to 1024 bytes)");
        }

        var nameStart = cursor.At;
        var bytes = cursor.Take(length, What);
        if (!bytes.ContainsAnyExcept(IdentifierBytes) && !char.IsAsciiDigit((char)bytes[0]))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        throw cursor.Damaged(nameStart, $"{What} (letters, digits and '_')");
    }

    /// <summary>What each optimizer TorchSharp can serialise writes for a parameter group and for a parameter.</summary>
    private sealed record Layout(string[] Doubles, string[] Booleans, bool HasStep, string[] Tensors, string OptionalTensor)
    {
        private static readonly Layout AdamFamily = new(
            ["beta1", "beta2", "eps", "the weight decay"],
            ["amsgrad", "maximize"],
            HasStep: true,
            ["the first moment (exp_avg)", "the second moment (exp_avg_sq)"],
            "the amsgrad maximum (max_exp_avg_sq)");

        private static readonly Layout Sgd = new(["the momentum", "the dampening", "the weight decay"], ["nesterov", "maximize"], HasStep: false, [], "the momentum buffer");

        /// <summary>The layout of <paramref name="optimizer"/>'s type; the SDK's optimizers derive from TorchSharp's.</summary>
        public static Layout Of(OptimizerHelper optimizer) => optimizer switch
        {
            TorchSharp.Modules.Adam or TorchSharp.Modules.AdamW => AdamFamily,
            TorchSharp.Modules.SGD => Sgd,

            // Only the optimizers Optimizers creates reach a resume; a new one needs its layout here before it can resume.
            _ => throw new NotSupportedException($"Restoring the optimizer state of {optimizer.GetType().Name} from a checkpoint is not supported; Digits.Sdk restores SGD, Adam and AdamW."),
        };
    }
}
