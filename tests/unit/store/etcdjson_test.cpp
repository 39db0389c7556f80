#include "store/etcdjson.h"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace kubelab::store {
namespace {

TEST(EtcdJsonTest, DecodesIntegersFromStringsOrNumbersAndEnumsByNameOrNumber) {
  auto json = etcdjson::parseObject(
      R"({"key":"Zm9v","range_end":"Zm9w","limit":"5","revision":7,"sort_order":"DESCEND","sort_target":3})");
  ASSERT_TRUE(json.isOk());
  auto request = etcdjson::decodeRange(*json);
  ASSERT_TRUE(request.isOk()) << request.status().toString();
  EXPECT_EQ(request->range.key, "foo");
  EXPECT_EQ(request->range.rangeEnd, "fop");
  EXPECT_EQ(request->limit, 5);
  EXPECT_EQ(request->revision, 7);
  EXPECT_EQ(request->sortOrder, SortOrder::Descend);
  EXPECT_EQ(request->sortTarget, SortTarget::Mod);
}

TEST(EtcdJsonTest, ExplainsBadInputAsEtcdDoes) {
  EXPECT_EQ(etcdjson::parseObject("{bad").status().code(), StatusCode::BadRequest);
  auto badBase64 = etcdjson::decodePut(*etcdjson::parseObject(R"({"key":"a!!b"})"));
  EXPECT_EQ(badBase64.status().message(), "illegal base64 data at input byte 1");
  auto badNumber = etcdjson::decodeRange(*etcdjson::parseObject(R"({"key":"Zm9v","limit":"many"})"));
  EXPECT_EQ(badNumber.status().code(), StatusCode::BadRequest);
  EXPECT_NE(badNumber.status().message().find("limit"), std::string::npos);
}

TEST(EtcdJsonTest, EncodesLikeEtcdLeavingOutDefaults) {
  KeyValue kv{"foo", "bar", 2, 3, 2, 0};
  EXPECT_EQ(boost::json::serialize(etcdjson::encodeKeyValue(kv)),
            R"({"key":"Zm9v","create_revision":"2","mod_revision":"3","version":"2","value":"YmFy"})");
  RangeResponse empty;
  EXPECT_EQ(boost::json::serialize(etcdjson::encodeRange({1, 2, 3, 4}, empty)),
            R"({"header":{"cluster_id":"1","member_id":"2","revision":"3","raft_term":"4"}})");
  Event deleted{Event::Type::Delete, KeyValue{"foo", "", 0, 9, 0, 0}, std::nullopt};
  EXPECT_EQ(boost::json::serialize(etcdjson::encodeEvent(deleted)),
            R"({"type":"DELETE","kv":{"key":"Zm9v","mod_revision":"9"}})");
}

TEST(EtcdJsonTest, MapsErrorsToGrpcCodesAndHttpStatusesAsTheGatewayDoes) {
  EXPECT_EQ(etcdjson::httpStatus(StatusCode::NotFound), 404u);
  EXPECT_EQ(etcdjson::httpStatus(StatusCode::Conflict), 412u);
  EXPECT_EQ(etcdjson::httpStatus(StatusCode::Gone), 400u);
  EXPECT_EQ(etcdjson::encodeError(Status(StatusCode::Gone, "etcdserver: mvcc: required revision has been compacted")),
            R"({"error":"etcdserver: mvcc: required revision has been compacted",)"
            R"("message":"etcdserver: mvcc: required revision has been compacted","code":11})");
}

}  // namespace
}  // namespace kubelab::store
