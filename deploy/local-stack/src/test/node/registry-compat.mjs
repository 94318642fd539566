// Drives a schema registry with Confluent's own JavaScript client and prints one JSON object
// with what it saw. Usage: node registry-compat.mjs <registry-url> <subject>
import { SchemaRegistryClient, AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';

const [url, subject] = process.argv.slice(2);
const client = new SchemaRegistryClient({ baseURLs: [url], cacheCapacity: 100 });
const v1 = { schemaType: 'AVRO', schema: JSON.stringify({
  type: 'record', name: 'Reading', namespace: 'compat.test',
  fields: [{ name: 'paperId', type: 'string' }, { name: 'count', type: 'long' }] }) };
const compatible = { schemaType: 'AVRO', schema: JSON.stringify({
  type: 'record', name: 'Reading', namespace: 'compat.test',
  fields: [{ name: 'paperId', type: 'string' }, { name: 'count', type: 'long' },
           { name: 'source', type: 'string', default: 'web' }] }) };
const incompatible = { schemaType: 'AVRO', schema: JSON.stringify({
  type: 'record', name: 'Reading', namespace: 'compat.test',
  fields: [{ name: 'paperId', type: 'string' }, { name: 'count', type: 'long' },
           { name: 'reader', type: 'string' }] }) };

const out = {};
out.registeredId = await client.register(subject, v1, false);
out.lookedUpId = await client.getId(subject, v1, false);
const fetched = await client.getBySubjectAndId(subject, out.registeredId);
out.fetchedSchema = JSON.parse(fetched.schema);
out.latestVersion = (await client.getLatestSchemaMetadata(subject)).version;
out.versions = await client.getAllVersions(subject);
out.subjects = await client.getAllSubjects();
out.compatibleIsCompatible = await client.testSubjectCompatibility(subject, compatible);
out.incompatibleIsCompatible = await client.testSubjectCompatibility(subject, incompatible);
try {
  await client.register(subject, incompatible, false);
  out.incompatibleRegisterStatus = 200;
} catch (e) {
  out.incompatibleRegisterStatus = e.status ?? e.response?.status ?? null;
  out.incompatibleRegisterError = String(e.message ?? e);
}
out.defaultCompatibility = await client.getDefaultCompatibility();

// A record in the Confluent wire format, written by Confluent's serializer with the registered schema.
const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
const topic = subject.replace(/-value$/, '');
const bytes = await serializer.serialize(topic, { paperId: 'arxiv:1706.03762', count: 42 });
out.serializedBase64 = Buffer.from(bytes).toString('base64');
console.log(JSON.stringify(out));
await client.close?.();
