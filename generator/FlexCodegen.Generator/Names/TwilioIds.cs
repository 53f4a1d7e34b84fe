using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexCodegen.Generator.Names;

/// <summary>
/// Twilio's id kinds, one type each however many Twilio specs a project lists. An id of the form
/// <c>^XX[0-9a-fA-F]{32}$</c> whose prefix is in this table, in a spec served from <c>*.twilio.com</c>, is the type
/// <c>Twilio.&lt;Name&gt;</c> that the runtime package ships (runtime/FlexCodegen.Runtime/Ids, written by the same
/// emitter from this table), not a type generated into the consumer: the same type whichever specs a project, or any
/// project it references, adds or removes, so an id read from one API indexes another
/// (<c>InteractionRoutingProperties.WorkspaceSid</c> is what TaskRouter's <c>Workspaces[…]</c> takes), and no build
/// compiles them again.
/// Names are the resource each prefix identifies, read from Twilio's public specs (Flex, TaskRouter, Conversations, API
/// v2010): the schema whose <c>sid</c> carries the prefix, or for ids no resource in those specs owns, the property that
/// carries it most. Any other id (another prefix, another form, a non-Twilio spec) is named per spec, in its namespace.
/// </summary>
internal static class TwilioIds
{
    /// <summary>The namespace every shared id type is in.</summary>
    public const string Namespace = "Twilio";

    /// <summary>The hint-name prefix of shared ids: a spec's prefix holds only letters, digits and '_', never '-'.</summary>
    public const string HintPrefix = "twilio-ids";

    // UT is left out on purpose: Twilio uses it for two kinds of resource (API v2010's usage triggers and Flex's
    // interaction channel participants), so no one name fits it; each spec names its own.
    private static readonly Dictionary<string, string> s_names = new(StringComparer.Ordinal)
    {
        ["AC"] = "AccountSid",
        ["AD"] = "AddressSid",
        ["AL"] = "IpAccessControlListSid",
        ["AP"] = "ApplicationSid",
        ["BS"] = "BindingSid",
        ["BU"] = "BundleSid",
        ["BY"] = "ByocTrunkSid",
        ["CA"] = "CallSid",
        ["CF"] = "ConferenceSid",
        ["CH"] = "ConversationSid",
        ["CL"] = "CredentialListSid",
        ["CN"] = "ConnectAppSid",
        ["CR"] = "CredentialSid",
        ["DY"] = "DeliveryReceiptSid",
        ["EV"] = "EventSid",
        ["FJ"] = "PluginConfigurationSid",
        ["FK"] = "PluginReleaseSid",
        ["FM"] = "AssessmentSid",
        ["FO"] = "FlexFlowSid",
        ["FP"] = "PluginSid",
        ["FU"] = "FlexUserSid",
        ["FV"] = "PluginVersionSid",
        ["FW"] = "FlowSid",
        ["FY"] = "CategorySid",
        ["GE"] = "QuestionSid",
        ["GM"] = "QuestionnaireSid",
        ["GO"] = "InstanceSid",
        ["GP"] = "GroupSid",
        ["GT"] = "RealtimeTranscriptionSid",
        ["HQ"] = "InteractionContextSid",
        ["HX"] = "ContentSid",
        ["IG"] = "AddressConfigurationSid",
        ["IM"] = "ConversationMessageSid",
        ["IP"] = "IpAddressSid",
        ["IS"] = "ChatServiceSid",
        ["KD"] = "InteractionSid",
        ["KG"] = "InteractionChannelInviteSid",
        ["KQ"] = "NoteSid",
        ["KX"] = "UserDefinedMessageSid",
        ["MB"] = "ParticipantSid",
        ["ME"] = "MediaSid",
        ["MG"] = "MessagingServiceSid",
        ["MZ"] = "StreamSid",
        ["NO"] = "NotificationSid",
        ["PK"] = "PaymentSid",
        ["PN"] = "PhoneNumberSid",
        ["QO"] = "TeamSid",
        ["QU"] = "QueueSid",
        ["QW"] = "ExecutionSid",
        ["RE"] = "RecordingSid",
        ["RI"] = "IdentitySid",
        ["RL"] = "RoleSid",
        ["SC"] = "ShortCodeSid",
        ["SD"] = "SipDomainSid",
        ["SK"] = "ApiKeySid",
        ["SR"] = "SiprecSid",
        ["TC"] = "TaskChannelSid",
        ["TK"] = "TrunkSid",
        ["TR"] = "TranscriptionSid",
        ["UO"] = "InteractionChannelSid",
        ["US"] = "UserSid",
        ["UX"] = "InteractionTransferSid",
        ["WA"] = "ActivitySid",
        ["WC"] = "WorkerChannelSid",
        ["WH"] = "WebhookSid",
        ["WK"] = "WorkerSid",
        ["WQ"] = "TaskQueueSid",
        ["WR"] = "ReservationSid",
        ["WS"] = "WorkspaceSid",
        ["WT"] = "TaskSid",
        ["WW"] = "WorkflowSid",
        ["XB"] = "AddOnSid",
        ["XE"] = "AssignedAddOnSid",
        ["XF"] = "AssignedAddOnExtensionSid",
        ["XH"] = "AddOnResultPayloadSid",
        ["XR"] = "AddOnResultSid",
        ["ZS"] = "ServerlessServiceSid",
        ["ZY"] = "UserDefinedMessageSubscriptionSid",
    };

    /// <summary>Every shared name, for the registry: no spec type may take one, so <c>using Twilio;</c> beside a client's namespace is never ambiguous.</summary>
    public static IEnumerable<string> Names => s_names.Values;

    /// <summary>Every kind, prefix and type name, in ordinal order of the name: the ids the runtime ships.</summary>
    public static IEnumerable<(string Prefix, string Name)> Kinds =>
        s_names.OrderBy(p => p.Value, StringComparer.Ordinal).Select(p => (p.Key, p.Value));

    /// <summary>The one form of a shared kind: <c>^XX[0-9a-fA-F]{32}$</c>.</summary>
    public static string PatternOf(string prefix) => "^" + prefix + "[0-9a-fA-F]{32}$";

    /// <summary>
    /// The shared type name for an id of this form, or null when it is not a shared kind: exactly one prefix from the
    /// table and a body held as hex (exactly 32 hex digits of either case, however the spec spells the range:
    /// <c>[0-9a-fA-F]</c> or <c>[0-9A-Fa-f]</c>). Another set (<c>[0-9a-f]</c>) or length is another form.
    /// </summary>
    /// <param name="prefixes">The pattern's prefixes.</param>
    /// <param name="storage">How the parser decided the body is held.</param>
    public static string? NameFor(IReadOnlyList<string> prefixes, Model.SidStorage storage) =>
        prefixes.Count == 1 && storage == Model.SidStorage.Hex && s_names.TryGetValue(prefixes[0], out var name) ? name : null;

    /// <summary>The shared name of a prefix, whatever the form a spec gives it; null for a prefix the table does not name.</summary>
    public static string? NameOfPrefix(string prefix) => s_names.TryGetValue(prefix, out var name) ? name : null;

    /// <summary>Whether a spec served from this address shares Twilio's ids: its host is twilio.com or under it.</summary>
    /// <param name="defaultBaseAddress">The spec's server, already checked, or null.</param>
    public static bool IsTwilioServer(string? defaultBaseAddress) =>
        defaultBaseAddress is not null
        && Uri.TryCreate(defaultBaseAddress, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && (uri.Host.Equals("twilio.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase));
}
