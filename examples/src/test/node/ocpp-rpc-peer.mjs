// Interop peer: puts the independent ocpp-rpc implementation on one end of a connection so the
// Java tests can check dev.ocpp against code that shares nothing with it.
//
//   node ocpp-rpc-peer.mjs server <protocol> [--auth <json {identity: password}>]
//                                  [--tls-cert <chain.pem> --tls-key <key.pem>] [--deflate]
//   node ocpp-rpc-peer.mjs client <protocol> <endpointUrl> <identity> [password]
//                                  [--password-hex <hex>] [--ca <roots.pem>]
//
// --auth passwords are text (compared as UTF-8) or {"hex": "..."} (compared byte for byte, for
// binary keys such as an OCPP 1.6 AuthorizationKey). --tls-cert/--tls-key make the server HTTPS,
// --ca is what a wss:// client trusts instead of the system roots; certificates are always verified.
// --deflate makes the server accept permessage-deflate (RFC 7692), which the ws library leaves off
// on servers; clients offer it anyway (ws' default). Both roles report the negotiated extensions in
// their 'connected' event.
//
// The Java side drives it with newline-delimited JSON: commands on stdin, events on stdout.
// stdout carries nothing but those events, so every diagnostic goes to stderr.

import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import ocppRpc from 'ocpp-rpc';

const { RPCServer, RPCClient, RPCError, createRPCError } = ocppRpc;

// The validators strict mode uses by default (ocpp-rpc's own copies of the OCA schemas), one per
// subprotocol. Not part of ocpp-rpc's documented API, hence the pinned version in package-lock.json.
const STANDARD_VALIDATORS = createRequire(import.meta.url)('ocpp-rpc/lib/standard-validators.js');

const SUPPORTED_PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1'];

// Shorter than the Java fixture's waits, so a call the other side never answers surfaces as a
// callerror event the test can read instead of as a bare timeout on the Java side.
const CALL_TIMEOUT_MS = Number(process.env.OCPP_RPC_CALL_TIMEOUT_MS ?? 15000);

// A graceful close waits for the remote close frame; a peer under test that never sends one
// must not keep this process (and the JUnit run) alive.
const CLOSE_GRACE_MS = 3000;

// OCPP security profiles 2 and 3 allow nothing older (2.0.1 Part 2 A00.FR.313/416).
const TLS_MIN_VERSION = 'TLSv1.2';

function emit(event) {
    process.stdout.write(JSON.stringify(event) + '\n');
}

function log(...args) {
    console.error(new Date().toISOString(), '[ocpp-rpc-peer]', ...args);
}

class UsageError extends Error {}

function usage(message) {
    throw new UsageError(message);
}

// process.exit() straight after a write can lose it where pipe writes are asynchronous (macOS).
function exitAfterFlush(code) {
    process.stdout.write('', () => process.exit(code));
}

const now = () => new Date().toISOString();

// Schema-valid answers, so a test only has to configure the responses it actually cares about.
const DEFAULTS = {
    'ocpp1.6': {
        BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: 300 }),
        Heartbeat: () => ({ currentTime: now() }),
        Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
        StartTransaction: () => ({ transactionId: 1, idTagInfo: { status: 'Accepted' } }),
        StopTransaction: () => ({}),
        MeterValues: () => ({}),
        StatusNotification: () => ({}),
        DataTransfer: () => ({ status: 'Accepted' }),
        FirmwareStatusNotification: () => ({}),
        DiagnosticsStatusNotification: () => ({}),
        SecurityEventNotification: () => ({}),
        Reset: () => ({ status: 'Accepted' }),
        RemoteStartTransaction: () => ({ status: 'Accepted' }),
        RemoteStopTransaction: () => ({ status: 'Accepted' }),
        ChangeConfiguration: () => ({ status: 'Accepted' }),
        GetConfiguration: () => ({
            configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
        }),
        TriggerMessage: () => ({ status: 'Accepted' }),
        ClearCache: () => ({ status: 'Accepted' }),
        UnlockConnector: () => ({ status: 'Unlocked' }),
        ChangeAvailability: () => ({ status: 'Accepted' }),
    },
    'ocpp2.0.1': {
        BootNotification: () => ({ currentTime: now(), interval: 300, status: 'Accepted' }),
        Heartbeat: () => ({ currentTime: now() }),
        Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
        StatusNotification: () => ({}),
        TransactionEvent: () => ({}),
        MeterValues: () => ({}),
        NotifyReport: () => ({}),
        DataTransfer: () => ({ status: 'Accepted' }),
        FirmwareStatusNotification: () => ({}),
        SecurityEventNotification: () => ({}),
        Reset: () => ({ status: 'Accepted' }),
        GetVariables: (params) => ({
            getVariableResult: (params?.getVariableData ?? []).map((d) => ({
                attributeStatus: 'Accepted',
                ...(d.attributeType !== undefined ? { attributeType: d.attributeType } : {}),
                attributeValue: '0',
                component: d.component,
                variable: d.variable,
            })),
        }),
        SetVariables: (params) => ({
            setVariableResult: (params?.setVariableData ?? []).map((d) => ({
                ...(d.attributeType !== undefined ? { attributeType: d.attributeType } : {}),
                attributeStatus: 'Accepted',
                component: d.component,
                variable: d.variable,
            })),
        }),
        RequestStartTransaction: () => ({ status: 'Accepted' }),
        RequestStopTransaction: () => ({ status: 'Accepted' }),
        TriggerMessage: () => ({ status: 'Accepted' }),
        ClearCache: () => ({ status: 'Accepted' }),
        ChangeAvailability: () => ({ status: 'Accepted' }),
        UnlockConnector: () => ({ status: 'Unlocked' }),
    },
};

// method -> {result} | {error: {code, description, details}}, set by the test at run time.
const overrides = new Map();

// Payload objects (outbound call params, configured results) that go out without ocpp-rpc's
// strict-mode check, so a test can see how the other side copes with a schema-invalid payload.
// Everything else, in particular everything received, is still checked.
const unchecked = new WeakSet();

function markUnchecked(payload) {
    if (payload === null || typeof payload !== 'object') {
        throw createRPCError('GenericError', 'ocpp-rpc-peer can send only a JSON object or array unchecked');
    }
    unchecked.add(payload);
    return payload;
}

// The standard validators, except that they pass what markUnchecked() marked. ocpp-rpc looks a
// validator up by its subprotocol and calls validate(schemaId, payload), nothing else.
function strictModeValidators() {
    return STANDARD_VALIDATORS.map((standard) => ({
        get subprotocol() {
            return standard.subprotocol;
        },
        validate(schemaId, payload) {
            if (payload !== null && typeof payload === 'object' && unchecked.has(payload)) {
                return true;
            }
            return standard.validate(schemaId, payload);
        },
    }));
}

function answer(protocol, method, params) {
    const override = overrides.get(method);
    if (override?.error) {
        const { code, description, details } = override.error;
        const err = createRPCError(code, description ?? '', details ?? {});
        // createRPCError maps unknown codes to GenericError; keep the test's spelling verbatim so
        // it can also probe how the Java side copes with codes outside the spec's list.
        err.rpcErrorCode = code;
        throw err;
    }
    if (override && 'result' in override) {
        return override.result;
    }
    const fallback = DEFAULTS[protocol]?.[method];
    if (fallback) {
        return fallback(params);
    }
    throw createRPCError('NotImplemented', `ocpp-rpc-peer has no answer configured for '${method}'`);
}

// Handlers are registered per method rather than as one wildcard: with a wildcard, ocpp-rpc
// validates an unknown action against a schema that does not exist and answers ProtocolError,
// whereas without a handler it answers NotImplemented, which is what OCPP-J prescribes.
// The protocol is passed in rather than read from rpc.protocol: a client only learns that once
// connected, and by then the server may already have sent its first call.
function registerHandlers(rpc, protocol) {
    const methods = new Set([...Object.keys(DEFAULTS[protocol] ?? {}), ...overrides.keys()]);
    for (const method of methods) {
        registerHandler(rpc, protocol, method);
    }
}

function registerHandler(rpc, protocol, method) {
    rpc.handle(method, ({ params }) => answer(protocol, method, params));
}

// Records what each connection did outside the request/response flow the test drives directly.
function observe(rpc, identity) {
    rpc.on('call', ({ outbound, payload }) => {
        if (!outbound) {
            const [, messageId, method, params] = payload;
            emit({ event: 'call', identity, messageId, method, params: params ?? null });
        }
    });
    rpc.on('strictValidationFailure', (failure) => {
        validationErrors.add(failure.error);
        emit({
            event: 'validationFailure',
            identity,
            messageId: failure.messageId,
            method: failure.method,
            outbound: failure.outbound,
            isCall: failure.isCall,
            code: failure.error?.rpcErrorCode ?? null,
            message: failure.error?.message ?? String(failure.error),
            params: failure.params ?? null,
            result: failure.result ?? null,
        });
    });
    rpc.on('badMessage', ({ buffer, error, response }) => {
        emit({
            event: 'badMessage',
            identity,
            message: buffer?.toString('utf8') ?? null,
            error: error?.message ?? String(error),
            response: response ?? null,
        });
    });
}

// Errors ocpp-rpc raised from its own strict-mode check rather than received from the remote side.
const validationErrors = new WeakSet();

function describeCallFailure(err) {
    let source;
    if (validationErrors.has(err)) {
        source = 'validation';
    } else if (err instanceof RPCError) {
        source = 'remote';
    } else {
        source = 'local';
    }
    return {
        code: err?.rpcErrorCode ?? err?.constructor?.name ?? 'Error',
        message: err?.message ?? String(err),
        details: err?.details ?? {},
        source,
    };
}

async function performCall(rpc, cmd) {
    try {
        const params = cmd.params ?? {};
        if (cmd.unchecked) {
            markUnchecked(params);
        }
        const result = await rpc.call(cmd.method, params, { callTimeoutMs: CALL_TIMEOUT_MS });
        emit({ event: 'result', id: cmd.id, method: cmd.method, result: result ?? null });
    } catch (err) {
        emit({ event: 'callerror', id: cmd.id, method: cmd.method, ...describeCallFailure(err) });
    }
}

function parseAuth(args) {
    const i = args.indexOf('--auth');
    const raw = i >= 0 ? args[i + 1] : process.env.OCPP_RPC_PEER_AUTH;
    if (raw === undefined || raw === '') {
        return null;
    }
    try {
        const parsed = JSON.parse(raw);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new Error('expected a JSON object of identity -> password');
        }
        return new Map(Object.entries(parsed).map(([k, v]) => [k, expectedPassword(v)]));
    } catch (err) {
        usage(`invalid --auth value: ${err.message}`);
    }
}

// The bytes a station must send after "identity:". Text goes on the wire as UTF-8 (ocpp-rpc's
// client does the same with a string password); {hex} stands for bytes that need not be text.
function expectedPassword(value) {
    if (value !== null && typeof value === 'object' && typeof value.hex === 'string') {
        return hexBytes(value.hex, 'a password');
    }
    return Buffer.from(String(value), 'utf8');
}

function hexBytes(hex, what) {
    if (!/^(?:[0-9A-Fa-f]{2})*$/.test(hex)) {
        usage(`${what} in hex must be an even number of hex digits, got '${hex}'`);
    }
    return Buffer.from(hex, 'hex');
}

// Removes `--name value` from args and returns the value (undefined when absent), so that what
// is left are the positional arguments.
function takeFlag(args, name) {
    const i = args.indexOf(name);
    if (i >= 0) {
        args.splice(i, 1);
    }
    return i >= 0;
}

function takeOption(args, name) {
    const i = args.indexOf(name);
    if (i < 0) {
        return undefined;
    }
    if (i + 1 >= args.length) {
        usage(`${name} needs a value`);
    }
    const [, value] = args.splice(i, 2);
    return value;
}

// What ocpp-rpc put in handshake.password, for the test to compare with what it meant to send.
// The credentials are throw-away test values, so showing them costs nothing and shows exactly
// which bytes crossed (ocpp-rpc hands the server a Buffer, not text).
function describePassword(password) {
    if (password === undefined) {
        return { passwordType: null, passwordHex: null };
    }
    return {
        passwordType: Buffer.isBuffer(password) ? 'Buffer' : typeof password,
        passwordHex: Buffer.from(password).toString('hex'),
    };
}

// The negotiated TLS version and suite of a connection, or null for plain TCP.
function describeTls(socket) {
    if (!socket?.encrypted) {
        return null;
    }
    return { protocol: socket.getProtocol(), cipher: socket.getCipher()?.standardName ?? null };
}

async function startServer(protocol, args) {
    const deflate = takeFlag(args, '--deflate');
    const certFile = takeOption(args, '--tls-cert');
    const keyFile = takeOption(args, '--tls-key');
    if ((certFile === undefined) !== (keyFile === undefined)) {
        usage('--tls-cert and --tls-key go together');
    }
    const credentials = parseAuth(args);
    const clients = new Map();

    const server = new RPCServer({
        protocols: [protocol],
        strictMode: true,
        strictModeValidators: strictModeValidators(),
        callTimeoutMs: CALL_TIMEOUT_MS,
        // Handed to ws' WebSocketServer, whose permessage-deflate is off by default.
        wssOptions: { perMessageDeflate: deflate },
    });

    if (credentials) {
        server.auth((accept, reject, handshake) => {
            const expected = credentials.get(handshake.identity);
            // handshake.password is only set when the Basic username equals the identity. It is a
            // Buffer, compared byte for byte: a binary 1.6 key need not be valid UTF-8.
            const given = handshake.password;
            if (expected !== undefined && given !== undefined && expected.equals(given)) {
                accept();
            } else {
                const reason = expected === undefined ? 'unknown identity'
                    : given === undefined ? 'no Basic credentials for this identity' : 'wrong password';
                emit({
                    event: 'rejected',
                    identity: handshake.identity,
                    status: 401,
                    reason,
                    ...describePassword(given),
                });
                reject(401, 'Unauthorized');
            }
        });
    }

    server.on('upgradeAborted', ({ identity, error }) => {
        log(`upgrade aborted for '${identity}':`, error?.message ?? error);
    });
    server.on('error', (err) => log('server error:', err));

    server.on('client', (client) => {
        const identity = client.identity;
        clients.set(identity, client);
        observe(client, identity);
        registerHandlers(client, protocol);
        client.once('close', ({ code, reason }) => {
            if (clients.get(identity) === client) {
                clients.delete(identity);
            }
            emit({ event: 'disconnected', identity, code, reason: reason?.toString() ?? '' });
        });
        emit({
            event: 'connected',
            identity,
            protocol: client.protocol,
            endpoint: client.handshake.endpoint,
            authorization: client.handshake.headers.authorization !== undefined,
            ...describePassword(client.handshake.password),
            tls: describeTls(client.handshake.request.socket),
            // ocpp-rpc does not expose the server-side socket's negotiated extensions; its _ws is the ws
            // WebSocket (version pinned in package-lock.json), whose 'extensions' getter lists them.
            extensions: client._ws?.extensions ?? '',
        });
    });

    let httpServer;
    if (certFile !== undefined) {
        httpServer = await listenTls(server, certFile, keyFile);
    } else {
        httpServer = await server.listen(0, '127.0.0.1');
    }
    emit({ event: 'listening', port: httpServer.address().port, tls: certFile !== undefined });

    return {
        protocol,
        target(cmd) {
            if (cmd.identity !== undefined && cmd.identity !== null) {
                return clients.get(cmd.identity);
            }
            // Most tests connect exactly one station, so the identity may be left out.
            return clients.size === 1 ? clients.values().next().value : undefined;
        },
        forEachConnection(fn) {
            clients.forEach((client) => fn(client));
        },
        close: async () => {
            await server.close({ code: 1000, reason: 'peer closing' });
            // RPCServer.close() only stops servers it created with listen() itself.
            if (certFile !== undefined) {
                httpServer.closeAllConnections();
                await new Promise((resolve) => httpServer.close(() => resolve()));
            }
        },
    };
}

// ocpp-rpc's listen() only makes plain HTTP servers; its documented way to use any other is to
// hand the server's 'upgrade' events to RPCServer#handleUpgrade, which runs the auth callback.
async function listenTls(server, certFile, keyFile) {
    const httpsServer = https.createServer({
        cert: readFileSync(certFile),
        key: readFileSync(keyFile),
        minVersion: TLS_MIN_VERSION,
    }, (req, res) => {
        res.statusCode = 404;
        res.end();
    });
    httpsServer.on('upgrade', server.handleUpgrade);
    // A handshake that failed never reaches ocpp-rpc; this is the only trace of it, and what a
    // test waits for before it checks that nothing else happened.
    httpsServer.on('tlsClientError', (err) => {
        emit({ event: 'tlsClientError', message: err?.message ?? String(err), code: err?.code ?? null });
    });
    await new Promise((resolve, reject) => {
        httpsServer.once('error', reject);
        httpsServer.listen(0, '127.0.0.1', () => {
            httpsServer.off('error', reject);
            resolve();
        });
    });
    httpsServer.on('error', (err) => log('https server error:', err));
    return httpsServer;
}

async function startClient(protocol, args) {
    const passwordHex = takeOption(args, '--password-hex');
    const caFile = takeOption(args, '--ca');
    const [endpoint, identity, textPassword] = args;
    if (!endpoint || !identity) {
        usage('client role needs <endpointUrl> <identity> [password]');
    }
    if (passwordHex !== undefined && textPassword !== undefined) {
        usage('give the password as text or with --password-hex, not both');
    }
    // ocpp-rpc takes a string (sent as UTF-8) or a Buffer (sent as is) as password.
    const password = passwordHex !== undefined ? hexBytes(passwordHex, 'the password') : textPassword;

    const client = new RPCClient({
        endpoint,
        identity,
        password,
        // Passed through to the ws library and from there to tls.connect(): only these roots are
        // trusted, and rejectUnauthorized stays at its default (true).
        wsOpts: caFile !== undefined ? { ca: readFileSync(caFile), minVersion: TLS_MIN_VERSION } : {},
        protocols: [protocol],
        strictMode: true,
        strictModeValidators: strictModeValidators(),
        callTimeoutMs: CALL_TIMEOUT_MS,
        // A test that drops the connection wants to see the drop, not a silent reconnect.
        reconnect: false,
    });
    observe(client, identity);
    registerHandlers(client, protocol);

    let opened;
    try {
        opened = await client.connect();
    } catch (err) {
        // ocpp-rpc puts the HTTP status of a refused upgrade in err.code; socket errors put
        // their errno name (ECONNREFUSED, ...) there.
        emit({
            event: 'error',
            message: err?.message ?? String(err),
            status: typeof err?.code === 'number' ? err.code : null,
            code: typeof err?.code === 'string' ? err.code : null,
        });
        exitAfterFlush(1);
        // Nothing may run (or print) between here and the exit.
        return new Promise(() => {});
    }

    client.once('close', ({ code, reason }) => {
        emit({ event: 'disconnected', identity, code, reason: reason?.toString() ?? '' });
    });
    emit({
        event: 'connected',
        identity,
        protocol: client.protocol,
        tls: describeTls(opened?.response?.socket),
        extensions: opened?.response?.headers?.['sec-websocket-extensions'] ?? '',
    });

    return {
        protocol,
        target: () => client,
        forEachConnection(fn) {
            fn(client);
        },
        close: () => client.close({ code: 1000, reason: 'peer closing' }),
    };
}

let closing = false;

async function shutdown(peer) {
    if (closing) {
        return;
    }
    closing = true;
    const forced = setTimeout(() => {
        log(`graceful close took longer than ${CLOSE_GRACE_MS} ms, exiting anyway`);
        finish(0);
    }, CLOSE_GRACE_MS);
    try {
        await peer.close();
    } catch (err) {
        log('close failed:', err);
    }
    clearTimeout(forced);
    finish(0);
}

function finish(code) {
    emit({ event: 'closed' });
    exitAfterFlush(code);
}

function handleCommand(peer, line) {
    let cmd;
    try {
        cmd = JSON.parse(line);
    } catch (err) {
        emit({ event: 'error', message: `not JSON: ${line}` });
        return;
    }
    switch (cmd.cmd) {
        case 'respond': {
            if (cmd.error) {
                overrides.set(cmd.method, { error: cmd.error });
            } else if ('result' in cmd) {
                if (cmd.unchecked && (cmd.result === null || typeof cmd.result !== 'object')) {
                    emit({ event: 'error', message: `cannot answer ${cmd.method} unchecked with ${cmd.result}` });
                    break;
                }
                overrides.set(cmd.method, { result: cmd.unchecked ? markUnchecked(cmd.result) : cmd.result });
            } else {
                overrides.delete(cmd.method);
            }
            // Connections that are already open need a handler for methods without a default.
            peer.forEachConnection((rpc) => registerHandler(rpc, peer.protocol, cmd.method));
            // The test waits for this before provoking the call, or the table update could lose
            // the race against the WebSocket frame.
            emit({ event: 'ack', id: cmd.id ?? null, cmd: 'respond', method: cmd.method });
            break;
        }
        case 'call': {
            const rpc = peer.target(cmd);
            if (!rpc) {
                emit({
                    event: 'callerror',
                    id: cmd.id,
                    method: cmd.method,
                    code: 'NotConnected',
                    message: cmd.identity
                        ? `no connection with identity '${cmd.identity}'`
                        : 'identity required unless exactly one station is connected',
                    details: {},
                    source: 'local',
                });
                break;
            }
            performCall(rpc, cmd);
            break;
        }
        case 'close':
            shutdown(peer);
            break;
        default:
            emit({ event: 'error', message: `unknown command: ${line}` });
    }
}

async function main() {
    const [role, protocol, ...rest] = process.argv.slice(2);
    if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
        usage(`unsupported protocol '${protocol}', expected one of ${SUPPORTED_PROTOCOLS.join(', ')}`);
    }

    let peer;
    if (role === 'server') {
        peer = await startServer(protocol, rest);
    } else if (role === 'client') {
        peer = await startClient(protocol, rest);
    } else {
        usage(`unknown role '${role}'`);
    }

    const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    input.on('line', (line) => {
        if (line.trim() !== '') {
            handleCommand(peer, line);
        }
    });
    // The Java side going away without a close command must not leave an orphan process behind.
    input.on('close', () => shutdown(peer));
}

process.on('unhandledRejection', (err) => {
    log('unhandled rejection:', err);
    emit({ event: 'error', message: `unhandled rejection: ${err?.message ?? err}` });
});

main().catch((err) => {
    if (err instanceof UsageError) {
        log(err.message);
        log('usage: ocpp-rpc-peer.mjs server <protocol> [--auth <json {identity: password | {hex}}>]');
        log('                                [--tls-cert <chain.pem> --tls-key <key.pem>]');
        log('       ocpp-rpc-peer.mjs client <protocol> <endpointUrl> <identity> [password]');
        log('                                [--password-hex <hex>] [--ca <roots.pem>]');
    } else {
        log('startup failed:', err);
    }
    emit({ event: 'error', message: err?.message ?? String(err) });
    exitAfterFlush(err instanceof UsageError ? 2 : 1);
});
