package io.lifeboat.storage;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit.Stubbing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * AWS's answers about one object version under Object Lock, in AWS's XML, which no local S3 server gives
 * (integrations.md §6.2): for WireMock standing in for S3 in path-style addressing.
 */
public final class AwsObjectLockAnswers {

    public static final String VERSION = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";
    /** The namespace of S3's XML documents, as an attribute. */
    public static final String S3_NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    private AwsObjectLockAnswers() {
    }

    /** The object has the one version {@link #VERSION}. */
    public static void versionListed(Stubbing aws, String bucket, String key) {
        aws.stubFor(get(urlPathEqualTo("/" + bucket)).withQueryParam("versions", equalTo("")).withQueryParam("prefix", equalTo(key))
                .willReturn(xml(200, "<ListVersionsResult " + S3_NS + "><Name>" + bucket
                        + "</Name><Prefix>" + key + "</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>"
                        + "<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Version><Key>" + key + "</Key><VersionId>"
                        + VERSION + "</VersionId><IsLatest>true</IsLatest><LastModified>2026-11-22T02:00:00.000Z</LastModified>"
                        + "<ETag>\"6d1c8e1d0a3d4f0c9b1e0f5a2b3c4d5e\"</ETag><Size>17</Size><StorageClass>STANDARD</StorageClass>"
                        + "</Version></ListVersionsResult>")));
    }

    /** S3's answer to deleting a version under retention or legal hold: a bare AccessDenied, nothing about the lock. */
    public static void versionDeleteDenied(Stubbing aws, String bucket, String key) {
        aws.stubFor(delete(urlPathEqualTo("/" + bucket + "/" + key)).withQueryParam("versionId", equalTo(VERSION))
                .willReturn(error(403, "AccessDenied", "Access Denied")));
    }

    /** A bucket made for WORM: Object Lock enabled with a default retention, and versioning enabled. */
    public static void wormBucket(Stubbing aws, String bucket) {
        aws.stubFor(get(urlPathEqualTo("/" + bucket)).withQueryParam("object-lock", equalTo(""))
                .willReturn(xml(200, "<ObjectLockConfiguration " + S3_NS + "><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                        + "<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>35</Days></DefaultRetention></Rule>"
                        + "</ObjectLockConfiguration>")));
        aws.stubFor(get(urlPathEqualTo("/" + bucket)).withQueryParam("versioning", equalTo(""))
                .willReturn(xml(200, "<VersioningConfiguration " + S3_NS + "><Status>Enabled</Status></VersioningConfiguration>")));
    }

    /** @param retainUntil as S3 writes it, e.g. {@code 2026-12-22T03:00:00.000Z} */
    public static void retainedUntil(Stubbing aws, String bucket, String key, String retainUntil) {
        retainedUntil(aws, bucket, key, VERSION, retainUntil);
    }

    /** @param versionId null for the object's current version, which a request without a version id asks about */
    public static void retainedUntil(Stubbing aws, String bucket, String key, String versionId, String retainUntil) {
        aws.stubFor(get(urlPathEqualTo("/" + bucket + "/" + key)).withQueryParam("retention", equalTo(""))
                .withQueryParam("versionId", versionId == null ? absent() : equalTo(versionId))
                .willReturn(xml(200, "<Retention " + S3_NS + "><Mode>COMPLIANCE</Mode>"
                        + "<RetainUntilDate>" + retainUntil + "</RetainUntilDate></Retention>")));
    }

    public static void noRetention(Stubbing aws, String bucket, String key) {
        aws.stubFor(get(urlPathEqualTo("/" + bucket + "/" + key)).withQueryParam("retention", equalTo(""))
                .willReturn(error(404, "NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration")));
    }

    /** @param status {@code ON} or {@code OFF} */
    public static void legalHold(Stubbing aws, String bucket, String key, String status) {
        legalHold(aws, bucket, key, VERSION, status);
    }

    /** @param versionId null for the object's current version, which a request without a version id asks about */
    public static void legalHold(Stubbing aws, String bucket, String key, String versionId, String status) {
        aws.stubFor(get(urlPathEqualTo("/" + bucket + "/" + key)).withQueryParam("legal-hold", equalTo(""))
                .withQueryParam("versionId", versionId == null ? absent() : equalTo(versionId))
                .willReturn(xml(200, "<LegalHold " + S3_NS + "><Status>" + status + "</Status></LegalHold>")));
    }

    /** AWS's error document, e.g. {@code <Error><Code>AccessDenied</Code><Message>Access Denied</Message>...}. */
    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return xml(status, "<Error><Code>" + code + "</Code><Message>" + message + "</Message>"
                + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>aWQ9ZXhhbXBsZQ==</HostId></Error>");
    }

    public static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "4442587FB7D0A2F9").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }
}
